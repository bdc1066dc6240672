//! Snapshots of the model and of the emitted code for each bundled fixture page.
//!
//! The model snapshot of a page holds the items (types, enums, operations) the full bundled docs
//! build from that page; the code snapshot holds the crate that `graphgen` emits from that page
//! alone (so it also shows how links to absent pages become placeholders).

mod common;

use graphgen::emit::{EmitOptions, RuntimeDep};
use serde_json::{json, Value};

fn page_key(page: &std::path::Path) -> String {
    let rel = page.strip_prefix(common::docs()).expect("under docs/");
    rel.to_string_lossy()
        .replace(['/', '\\'], "__")
        .trim_end_matches(".md")
        .trim_end_matches(".txt")
        .to_owned()
}

fn items_from(model: &graphgen::model::Model, rel: &str) -> Value {
    let from = |src: &graphgen::model::SourceLoc| src.file == rel;
    json!({
        "types": model.types.iter().filter(|t| from(&t.source)).collect::<Vec<_>>(),
        "enums": model.enums.iter().filter(|e| from(&e.source)).collect::<Vec<_>>(),
        "operations": model.operations.iter().filter(|o| from(&o.source)).collect::<Vec<_>>(),
    })
}

#[test]
fn model_snapshot_per_page() {
    let (models, _) = common::models(&common::docs());
    let pages = common::pages(&common::docs());
    assert!(
        pages.len() >= 15,
        "the bundled set has {} pages",
        pages.len()
    );
    for page in pages {
        let rel = page
            .strip_prefix(common::docs())
            .expect("under docs")
            .to_string_lossy()
            .replace('\\', "/");
        // The model of the page's version (`api-reference/<version>/…`).
        let version = rel.split('/').nth(1).unwrap_or("");
        let model = models
            .iter()
            .find(|m| m.version == version)
            .expect("the page's version");
        let items = items_from(model, &rel);
        let n = ["types", "enums", "operations"]
            .iter()
            .map(|k| items[k].as_array().map_or(0, Vec::len))
            .sum::<usize>();
        assert!(n > 0, "{rel} contributes nothing to the model");
        insta::assert_json_snapshot!(format!("model__{}", page_key(&page)), items);
    }
}

#[test]
fn code_snapshot_per_page() {
    let opts = EmitOptions {
        crate_name: "snapshot-sdk".to_owned(),
        command: "graphgen generate PAGE".to_owned(),
        runtime: RuntimeDep::Version("0.1".to_owned()),
        workspace_member: false,
        // prettyplease's layout: the same on every machine, whichever rustfmt it has (or none).
        rustfmt: false,
    };
    for page in common::pages(&common::docs()) {
        let (models, _) = common::models(&page);
        let emitted = graphgen::emit::emit_crate(&models, &opts).expect("emits");
        let mut text = String::new();
        for (path, content) in &emitted.files {
            // The registry is one mechanical match per type; tests/examples.rs exercises it.
            if path.ends_with(".rs")
                && path != "src/lib.rs"
                && !path.ends_with("mod.rs")
                && !path.ends_with("registry.rs")
            {
                text.push_str(&format!("==== {path}\n{content}\n"));
            }
        }
        insta::assert_snapshot!(format!("code__{}", page_key(&page)), text);
    }
}

#[test]
fn whole_model_of_bundled_docs() {
    let (models, _) = common::models(&common::docs());
    let summary: Vec<_> = models
        .iter()
        .map(|model| {
            json!({
                "version": model.version,
                "types": model.types.iter().map(|t| t.qualified()).collect::<Vec<_>>(),
                "enums": model.enums.iter().map(|e| e.qualified()).collect::<Vec<_>>(),
                "operations": model.operations.iter().map(|o| format!("{} {} {}", o.name, serde_json::to_value(o.method).unwrap_or_default().as_str().unwrap_or(""), o.path)).collect::<Vec<_>>(),
            })
        })
        .collect();
    insta::assert_json_snapshot!("model__bundled_docs_summary", summary);
}
