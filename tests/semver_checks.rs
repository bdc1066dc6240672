//! graphgen's SemVer verdict against the real tool's: the crates generated from the v1.0 docs of
//! January and July 2021 are compared by `cargo-semver-checks` (from crates.io: on the `PATH`,
//! as `.ci/run` installs it, or installed into `target/tools` by this test), and every breaking
//! change it finds must be among graphgen's breaking changes; graphgen's bump must be at least
//! the one it requires. Slow (two rustdoc builds of the whole crate): several minutes.

mod common;

use graphgen::diff::{diff_paths, DiffOptions, Level, Report};
use graphgen::emit::{EmitOptions, RuntimeDep};
use graphgen::{generate, GenerateOptions};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The release of cargo-semver-checks this test and `.ci/run` use.
const VERSION: &str = "0.51.0";

/// The cargo-semver-checks binary: on the `PATH` at [`VERSION`], else in `target/tools`
/// (installed there when missing).
fn cargo_semver_checks() -> PathBuf {
    let on_path = Command::new("cargo-semver-checks")
        .args(["semver-checks", "--version"])
        .output();
    if let Ok(out) = on_path {
        if out.status.success() && String::from_utf8_lossy(&out.stdout).contains(VERSION) {
            return PathBuf::from("cargo-semver-checks");
        }
    }
    let root = common::root().join("target/tools");
    let bin = root.join("bin/cargo-semver-checks");
    if !bin.exists() {
        let status = Command::new(env!("CARGO"))
            .args(["install", "--locked", "--version", VERSION, "--root"])
            .arg(&root)
            .arg("cargo-semver-checks")
            .status()
            .expect("cargo runs");
        assert!(
            status.success(),
            "installing cargo-semver-checks {VERSION} failed"
        );
    }
    bin
}

/// Generates the crate of `docs` into `out` (kept between runs: its `target/` makes the next
/// run faster).
fn generate_crate(docs: &Path, out: &Path) {
    let runtime = common::root().join("runtime");
    let opts = GenerateOptions {
        input: docs.to_owned(),
        out: Some(out.to_owned()),
        ir: None,
        check: false,
        emit: EmitOptions {
            crate_name: "graphgen-sdk".to_owned(),
            command: "cargo test --test semver_checks".to_owned(),
            runtime: RuntimeDep::Path(runtime.to_string_lossy().into_owned()),
            workspace_member: false,
            rustfmt: false,
        },
    };
    generate(&opts).expect("generates");
}

/// One finding of cargo-semver-checks: its lint, the item's path or last name, and the member
/// (`field x`, `variant X`, `fn f`) when it is about one.
#[derive(Debug)]
struct Finding {
    lint: String,
    item: String,
    member: Option<String>,
    line: String,
}

/// The text between `start` and the first of `ends` in `line`.
fn between<'a>(line: &'a str, start: &str, ends: &[&str]) -> Option<&'a str> {
    let rest = &line[line.find(start)? + start.len()..];
    let end = ends
        .iter()
        .filter_map(|e| rest.find(e))
        .min()
        .unwrap_or(rest.len());
    Some(&rest[..end])
}

/// `graphgen_sdk::v1::models::User` → `v1::models::User`.
fn crate_path(s: &str) -> String {
    s.trim_start_matches("graphgen_sdk::").to_owned()
}

/// A finding from one line of a lint's "Failed in" list; `None` for a lint this test does not
/// know (the test then fails, naming it).
fn finding(lint: &str, line: &str) -> Option<Finding> {
    let l = line.trim();
    let split2 = |s: &str, sep: &str| {
        s.rsplit_once(sep)
            .map(|(a, b)| (a.to_owned(), b.to_owned()))
    };
    let (item, member) = match lint {
        "constructible_struct_adds_field" => {
            let (t, f) = split2(between(l, "field ", &[" in "])?, ".")?;
            (t, Some(format!("field {f}")))
        }
        "struct_pub_field_missing" => {
            let f = between(l, "field ", &[" of struct"])?;
            let t = between(l, " of struct ", &[",", " in "])?;
            (t.to_owned(), Some(format!("field {f}")))
        }
        "enum_missing" => (crate_path(between(l, "enum ", &[",", " in "])?), None),
        "struct_missing" => (crate_path(between(l, "struct ", &[",", " in "])?), None),
        "enum_variant_added" => {
            let (t, v) = split2(between(l, "variant ", &[" in "])?, ":")?;
            (t, Some(format!("variant {v}")))
        }
        "enum_variant_missing" => {
            let (t, v) = split2(between(l, "variant ", &[",", " in "])?, "::")?;
            (t, Some(format!("variant {v}")))
        }
        "feature_missing" => (
            format!("feature {}", between(l, "feature ", &[" in "])?),
            None,
        ),
        "inherent_method_missing" => {
            let (t, m) = split2(l.split(',').next()?, "::")?;
            (t, Some(format!("fn {m}")))
        }
        "method_parameter_count_changed" => {
            let (t, m) = split2(&crate_path(l.split(" takes ").next()?), "::")?;
            (t, Some(format!("fn {m}")))
        }
        "partial_ord_enum_variants_reordered" => {
            let (t, _) = split2(l.split(" moved ").next()?, "::")?;
            (t, None)
        }
        _ => return None,
    };
    Some(Finding {
        lint: lint.to_owned(),
        item,
        member,
        line: l.to_owned(),
    })
}

/// Every finding of cargo-semver-checks' output, and the lints the test does not know.
fn findings(stdout: &str) -> (Vec<Finding>, Vec<String>) {
    let mut out = Vec::new();
    let mut unknown = Vec::new();
    let mut lint: Option<String> = None;
    let mut listing = false;
    for line in stdout.lines() {
        if let Some(head) = line.strip_prefix("--- ") {
            // `--- failure lint_name: description ---` or `--- warning …`.
            lint = head
                .split_once(' ')
                .and_then(|(_, rest)| rest.split(':').next())
                .map(str::to_owned);
            listing = false;
            continue;
        }
        if line.starts_with("Failed in:") {
            listing = true;
            continue;
        }
        if !listing || !line.starts_with("  ") || line.trim().is_empty() {
            continue;
        }
        let Some(l) = &lint else { continue };
        match finding(l, line) {
            Some(f) => out.push(f),
            None => unknown.push(format!("{l}: {}", line.trim())),
        }
    }
    (out, unknown)
}

/// Whether graphgen reports a breaking change where the finding points.
fn graphgen_reports(r: &Report, f: &Finding) -> bool {
    r.api_changes.iter().any(|c| {
        let item_matches = c.path == f.item || c.path.rsplit("::").next() == Some(f.item.as_str());
        item_matches
            && c.level == Level::Major
            && match &f.member {
                Some(m) => c.member.as_deref() == Some(m.as_str()) || c.member.is_none(),
                None => true,
            }
    })
}

#[test]
fn graphgen_is_never_milder_than_cargo_semver_checks() {
    let shared = common::shared();
    let (old_docs, new_docs) = (
        shared.join("graph-docs-2021-01/v1.0"),
        shared.join("graph-docs/v1.0"),
    );
    let work = common::root().join("target/semver-checks");
    let (old_crate, new_crate) = (work.join("old"), work.join("new"));
    generate_crate(&old_docs, &old_crate);
    generate_crate(&new_docs, &new_crate);
    let report = diff_paths(&old_docs, &new_docs, &DiffOptions::default()).expect("diff runs");

    let out = Command::new(cargo_semver_checks())
        .args([
            "semver-checks",
            "check-release",
            "--default-features",
            "--manifest-path",
        ])
        .arg(new_crate.join("Cargo.toml"))
        .arg("--baseline-root")
        .arg(&old_crate)
        .output()
        .expect("cargo-semver-checks runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let (found, unknown) = findings(&stdout);
    assert!(
        unknown.is_empty(),
        "lints this test cannot map yet (teach `finding`):\n{}",
        unknown.join("\n")
    );
    // Its verdict: "semver requires new major version" (or minor), or nothing to do.
    let theirs = if stderr.contains("requires new major version") {
        Level::Major
    } else if stderr.contains("requires new minor version") {
        Level::Minor
    } else {
        assert!(
            out.status.success(),
            "cargo-semver-checks failed:\n{stderr}"
        );
        Level::None
    };
    let missed: Vec<String> = found
        .iter()
        .filter(|f| !graphgen_reports(&report, f))
        .map(|f| format!("{}: {} ({:?})", f.lint, f.line, f.member))
        .collect();
    let summary = format!(
        "cargo-semver-checks {VERSION}: {theirs} ({} findings in {} lints); graphgen: {} ({}), {} breaking API changes",
        found.len(),
        {
            let mut lints: Vec<&str> = found.iter().map(|f| f.lint.as_str()).collect();
            lints.sort_unstable();
            lints.dedup();
            lints.len()
        },
        report.bump.level,
        report.one_line(),
        report.api_changes.iter().filter(|c| c.level == Level::Major).count()
    );
    eprintln!("{summary}");
    std::fs::write(
        work.join("verdicts.txt"),
        format!("{summary}\n{stderr}\n{stdout}"),
    )
    .expect("write verdicts");
    assert!(
        missed.is_empty(),
        "breaking changes cargo-semver-checks finds and graphgen does not ({}):\n{}",
        missed.len(),
        missed.join("\n")
    );
    assert!(
        report.bump.level >= theirs,
        "graphgen says {}, cargo-semver-checks {theirs}",
        report.bump.level
    );
    assert!(
        !found.is_empty(),
        "six months of docs changes break nothing? {stderr}"
    );
    // What the docs add all the time (properties, members, derived types) is not breaking by
    // the real tool's rules either: the generated structs and enums are #[non_exhaustive], and
    // enums order by wire string, not by declaration.
    let additions: Vec<&Finding> = found
        .iter()
        .filter(|f| {
            matches!(
                f.lint.as_str(),
                "constructible_struct_adds_field"
                    | "enum_variant_added"
                    | "partial_ord_enum_variants_reordered"
            )
        })
        .collect();
    assert!(additions.is_empty(), "additions that break: {additions:#?}");
}
