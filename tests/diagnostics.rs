//! Bad input: every problem is reported with file and line, the run goes on, the exit code
//! tells errors from warnings, nothing panics on mangled pages, output is deterministic across
//! thread counts, and a failed or `--check` run leaves the previous output untouched.

mod common;

use graphgen::diag::{DiagKind, Diagnostic, Severity};
use graphgen::emit::{EmitOptions, RuntimeDep};
use std::path::{Path, PathBuf};

fn bad() -> PathBuf {
    common::root().join("tests/fixtures/bad")
}

fn has(ds: &[Diagnostic], file: &str, line: u32, sev: Severity, kind: DiagKind, text: &str) {
    assert!(
        ds.iter().any(|d| d.file.ends_with(file)
            && d.line == line
            && d.severity == sev
            && d.kind == kind
            && d.message.contains(text)),
        "expected {sev:?} {kind:?} at {file}:{line} containing {text:?}; got:\n{}",
        ds.iter()
            .map(|d| d.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn bad_pages_are_reported_with_file_and_line_and_the_rest_goes_on() {
    let (model, d) = common::model(&bad());
    let ds = d.sorted();
    let w = "resources/widget.md";
    use DiagKind::*;
    use Severity::*;
    has(
        &ds,
        w,
        18,
        Warning,
        MalformedTable,
        "4 cells but the header has 3",
    );
    has(
        &ds,
        w,
        19,
        Warning,
        UnknownType,
        "microsoft.graph.gizmoShape",
    );
    has(&ds, w, 20, Warning, UnparsedType, "see the description");
    has(&ds, w, 33, Warning, InvalidJson, "trailing comma");
    has(
        &ds,
        w,
        41,
        Warning,
        TableJsonMismatch,
        "`tags` is a collection in the table but a single value",
    );
    has(&ds, w, 43, Warning, TableJsonMismatch, "`weight`, which the properties table of `microsoft.graph.widget` does not list; added as `Edm.Double`");
    has(
        &ds,
        "resources/widget2.md",
        6,
        Warning,
        Duplicate,
        "also defined at api-reference/v1.0/resources/widget.md:7; properties only this page lists are added",
    );
    has(
        &ds,
        "api/widget-get.md",
        45,
        Warning,
        InvalidJson,
        "trailing comma",
    );
    // An example body no reader can repair costs only that example: a warning.
    has(
        &ds,
        "api/widget-get.md",
        56,
        Warning,
        InvalidJson,
        "example body",
    );
    // A property whose type is lost makes the SDK wrong: an error.
    has(
        &ds,
        "resources/widget2.md",
        17,
        Error,
        MalformedTable,
        "row for `serial` has no type cell",
    );
    assert!(d.has_errors());

    // What could be understood is still in the model.
    let widget = model
        .types
        .iter()
        .find(|t| t.name == "widget")
        .expect("widget");
    assert_eq!(
        widget.source.to_string(),
        "api-reference/v1.0/resources/widget.md:7"
    );
    let names: Vec<&str> = widget.properties.iter().map(|p| p.name.as_str()).collect();
    // `serial` only the second page lists (its type lost: raw JSON); `weight` is only in the
    // JSON representation: added from it, and reported.
    assert_eq!(
        names,
        ["id", "size", "shape", "color", "tags", "mode", "serial", "weight"]
    );
    assert_eq!(widget.properties[6].ty.as_str(), "Edm.Untyped");
    assert_eq!(widget.properties[7].ty.as_str(), "Edm.Double");
    assert_eq!(widget.properties[3].ty.as_str(), "Edm.Untyped");
    let mode = model
        .enums
        .iter()
        .find(|e| e.name == "widgetMode")
        .expect("inferred enum");
    assert_eq!(
        mode.members
            .iter()
            .filter(|m| m.evolvable)
            .map(|m| m.name.as_str())
            .collect::<Vec<_>>(),
        ["expert"]
    );
    let shape = model
        .types
        .iter()
        .find(|t| t.name == "gizmoShape")
        .expect("placeholder");
    assert_eq!(shape.origin, graphgen::model::Origin::Placeholder);
    let op = model
        .operations
        .iter()
        .find(|o| o.name == "getWidget")
        .expect("operation");
    assert_eq!(
        op.examples.iter().filter(|e| e.body.is_some()).count(),
        1,
        "the repaired body is kept, the broken one is not"
    );
}

#[test]
fn exit_code_says_whether_errors_occurred() {
    let out = tempfile::tempdir().expect("tmp");
    let run = common::graphgen(&[
        "generate",
        bad().to_str().expect("utf-8"),
        "--out",
        out.path().to_str().expect("utf-8"),
    ]);
    assert_eq!(
        run.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("api-reference/v1.0/resources/widget2.md:17: error[malformed-table]"),
        "{stderr}"
    );
    // The crate is still written.
    assert!(out.path().join("src/v1/models.rs").exists());

    let docs = common::docs();
    let run = common::graphgen(&[
        "generate",
        docs.to_str().expect("utf-8"),
        "--out",
        out.path().to_str().expect("utf-8"),
    ]);
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
}

/// A tiny deterministic generator for mutations (no test may be flaky).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n.max(1)
    }
}

fn mutate(text: &str, rng: &mut Lcg) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    for _ in 0..1 + rng.next(4) {
        let n = lines.len().max(1);
        match rng.next(7) {
            0 => lines.truncate(rng.next(n)),
            1 if !lines.is_empty() => {
                lines.remove(rng.next(n));
            }
            2 if !lines.is_empty() => {
                let i = rng.next(n);
                let l = lines[i].clone();
                lines.insert(i, l);
            }
            3 if !lines.is_empty() => {
                let i = rng.next(n);
                let pos = rng.next(lines[i].len() + 1);
                let junk = [
                    "|", "{", "}", "`", "[", "](", "<!--", "-->", "```", "\t", "é", ",", "\"", "#",
                ][rng.next(14)];
                if lines[i].is_char_boundary(pos) {
                    lines[i].insert_str(pos, junk);
                }
            }
            4 if lines.len() > 1 => {
                let (a, b) = (rng.next(n), rng.next(n));
                lines.swap(a, b);
            }
            5 if !lines.is_empty() => {
                let i = rng.next(n);
                let cut = rng.next(lines[i].len() + 1);
                if lines[i].is_char_boundary(cut) {
                    lines[i].truncate(cut);
                }
            }
            _ => lines.push("| a | b |\n|---|\n| 1 | 2 | 3 | 4 |".to_owned()),
        }
    }
    lines.join("\n")
}

#[test]
fn nothing_panics_on_mangled_pages() {
    let mut sources: Vec<PathBuf> = common::pages(&common::docs());
    sources.extend(common::pages(&bad()));
    let dir = tempfile::tempdir().expect("tmp");
    let opts = EmitOptions {
        crate_name: "fuzz".into(),
        command: "test".into(),
        runtime: RuntimeDep::Version("0.1".into()),
        workspace_member: false,
        rustfmt: false,
    };
    let mut rng = Lcg(0x5eed);
    let mut runs = 0;
    for src in &sources {
        let text = std::fs::read_to_string(src).expect("readable");
        let rel = src
            .components()
            .skip_while(|c| c.as_os_str() != "api-reference")
            .collect::<PathBuf>();
        let page = dir.path().join(&rel);
        std::fs::create_dir_all(page.parent().expect("parent")).expect("mkdir");
        for _ in 0..40 {
            std::fs::write(&page, mutate(&text, &mut rng)).expect("write");
            let (models, _) = common::models(&page);
            graphgen::emit::emit_crate(&models, &opts).expect("emission never fails on bad docs");
            runs += 1;
        }
        std::fs::remove_file(&page).expect("cleanup");
    }
    assert!(runs >= 600);
}

fn generate_with_threads(threads: usize, input: &Path) -> (graphgen::emit::Files, String) {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("pool");
    pool.install(|| {
        let (models, _) = common::models(input);
        let opts = EmitOptions {
            crate_name: "det".into(),
            command: "test".into(),
            runtime: RuntimeDep::Version("0.1".into()),
            workspace_member: false,
            rustfmt: true,
        };
        let files = graphgen::emit::emit_crate(&models, &opts)
            .expect("emits")
            .files;
        (files, graphgen::model_json(&models).expect("json"))
    })
}

#[test]
fn output_is_identical_across_runs_and_thread_counts() {
    for input in [common::docs(), bad()] {
        let one = generate_with_threads(1, &input);
        let four = generate_with_threads(4, &input);
        let again = generate_with_threads(4, &input);
        assert_eq!(one, four, "{}", input.display());
        assert_eq!(four, again, "{}", input.display());
    }
    let d1 = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("pool")
        .install(|| common::models(&bad()).1.sorted());
    let d4 = rayon::ThreadPoolBuilder::new()
        .num_threads(4)
        .build()
        .expect("pool")
        .install(|| common::models(&bad()).1.sorted());
    assert_eq!(d1, d4);
}

#[test]
fn failed_and_check_runs_leave_previous_output_untouched() {
    let out = tempfile::tempdir().expect("tmp");
    let mut opts = graphgen::GenerateOptions {
        input: common::docs(),
        out: Some(out.path().to_path_buf()),
        ir: Some(out.path().join("ir.json")),
        check: false,
        emit: EmitOptions {
            crate_name: "x".into(),
            command: "test".into(),
            runtime: RuntimeDep::Version("0.1".into()),
            workspace_member: false,
            rustfmt: false,
        },
    };
    graphgen::generate(&opts).expect("first run");
    let lib = out.path().join("src/lib.rs");
    let before = std::fs::read(&lib).expect("lib.rs");
    // A user's file and a stale generated file.
    std::fs::write(out.path().join("NOTES.txt"), "mine").expect("write");
    std::fs::write(
        out.path().join("src/old.rs"),
        "// @generated by `test`. Do not edit.\n",
    )
    .expect("write");
    std::fs::create_dir_all(out.path().join("src/gone")).expect("mkdir");
    std::fs::write(
        out.path().join("src/gone/mod.rs"),
        "// @generated by `test`. Do not edit.\n",
    )
    .expect("write");

    // A run that fails (no such input) writes nothing.
    opts.input = out.path().join("does-not-exist");
    assert!(graphgen::generate(&opts).is_err());
    assert_eq!(std::fs::read(&lib).expect("lib.rs"), before);
    assert!(out.path().join("src/old.rs").exists());

    // A check run reports drift and writes nothing.
    std::fs::write(&lib, "changed").expect("write");
    opts.input = common::docs();
    opts.check = true;
    let o = graphgen::generate(&opts).expect("check runs");
    assert_eq!(o.report.changed, ["src/lib.rs"]);
    assert_eq!(o.report.removed, ["src/gone/mod.rs", "src/old.rs"]);
    assert_eq!(std::fs::read_to_string(&lib).expect("lib.rs"), "changed");

    // A real run repairs it, removes only what it generated, and keeps the user's file.
    opts.check = false;
    let o = graphgen::generate(&opts).expect("runs");
    assert_eq!(o.report.changed, ["src/lib.rs"]);
    assert_eq!(std::fs::read(&lib).expect("lib.rs"), before);
    assert!(!out.path().join("src/old.rs").exists());
    assert!(
        !out.path().join("src/gone").exists(),
        "emptied folders are removed"
    );
    assert!(out.path().join("src").is_dir());
    assert!(out.path().join("NOTES.txt").exists());
}

/// Real-docs quirks, each on a page of the `quirks` fixture: the model still says what the
/// docs mean, and each quirk is reported.
#[test]
fn real_docs_quirks_are_understood_and_reported() {
    let (model, d) = common::model(&common::root().join("tests/fixtures/quirks"));
    let ds = d.sorted();
    let g = model
        .types
        .iter()
        .find(|t| t.name == "gadget")
        .expect("gadget is a resource despite apiPageType");
    assert_eq!(
        g.source.to_string(),
        "api-reference/v1.0/resources/gadget.md:6",
        "the page named after the type wins"
    );
    let ty = |n: &str| {
        g.properties
            .iter()
            .find(|p| p.name == n)
            .map(|p| p.ty.as_str())
            .unwrap_or_else(|| panic!("{n}"))
    };
    // A same-page enum section, linked by anchor.
    assert_eq!(ty("kind"), "microsoft.graph.gadgetKind");
    assert!(model
        .enums
        .iter()
        .any(|e| e.name == "gadgetKind" && e.members.len() == 2));
    // A reference-style link, resolved with the page's definition.
    assert_eq!(ty("owner"), "microsoft.graph.identitySet");
    // String in the table, an enum named by the JSON representation, values from the description.
    assert_eq!(ty("phase"), "microsoft.graph.gadgetPhase");
    let phase = model
        .enums
        .iter()
        .find(|e| e.name == "gadgetPhase")
        .expect("inferred");
    assert_eq!(
        phase
            .members
            .iter()
            .map(|m| m.name.as_str())
            .collect::<Vec<_>>(),
        ["draft", "final", "unknownFutureValue"]
    );
    // Only in the JSON representation: added.
    assert_eq!(ty("serial"), "Edm.Int64");
    // The other page's slice is merged in; the annotation row and the colour table are not properties.
    assert_eq!(ty("managedState"), "Edm.String");
    assert!(!g
        .properties
        .iter()
        .any(|p| p.name.starts_with('@') || p.name == "Preset0"));
    // The base type from the prose.
    let s = model
        .types
        .iter()
        .find(|t| t.name == "superGadget")
        .expect("superGadget");
    assert_eq!(s.base.as_deref(), Some("microsoft.graph.gadget"));
    use DiagKind::*;
    use Severity::*;
    has(
        &ds,
        "resources/supergadget.md",
        10,
        Warning,
        MissingSection,
        "base type `gadget` taken from the page's prose",
    );
    has(
        &ds,
        "resources/gadget.md",
        42,
        Warning,
        TableJsonMismatch,
        "typed as enum `microsoft.graph.gadgetPhase`",
    );
    has(
        &ds,
        "resources/gadget.md",
        22,
        Warning,
        MalformedTable,
        "without a `Type` column",
    );
    has(
        &ds,
        "resources/intune-gadgets-gadget.md",
        6,
        Warning,
        Duplicate,
        "also defined at api-reference/v1.0/resources/gadget.md:6",
    );
    assert!(!d.has_errors());
}
