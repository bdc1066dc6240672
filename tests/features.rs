//! Cargo features per product area (`tests/fixtures/areas`: a `storage` area whose shelf holds a
//! gadget of the `gadgets` area, things some of which are gadget things, and a shared note).
//! With only `storage` enabled, what belongs to `gadgets` is compiled out and its JSON is kept in
//! `additional_properties`, written back unchanged; with everything enabled it is typed.

mod common;

const TEST: &str = r###"
use graphgen_sdk::v1::models::{AnyThing, Shelf};
use graphgen_runtime::Nullable;
use serde_json::Value;

const JSON: &str = r##"{"id":"s1","label":"top","gadget":{"size":3,"warranty":{"years":2}},"things":[{"@odata.type":"#microsoft.graph.gadgetThing","name":"g","power":9},{"name":"plain"}],"note":{"text":"hi"}}"##;

fn read() -> Shelf {
    serde_json::from_str(JSON).expect("reads")
}

#[test]
fn a_round_trip_loses_nothing() {
    let back = serde_json::to_value(read()).expect("writes");
    assert_eq!(back, serde_json::from_str::<Value>(JSON).expect("json"));
}

#[test]
fn the_shared_note_is_typed() {
    let Nullable::Value(note) = read().note else { panic!("no note") };
    assert_eq!(note.text, Nullable::Value("hi".to_owned()));
}

#[cfg(not(feature = "gadgets"))]
#[test]
fn what_belongs_to_a_disabled_area_is_kept_as_json() {
    let shelf = read();
    assert_eq!(
        shelf.additional_properties.get("gadget"),
        Some(&serde_json::json!({"size": 3, "warranty": {"years": 2}}))
    );
    let Nullable::Value(things) = &shelf.things else { panic!("no things") };
    // The gadget thing is read as its base type; its own property is kept.
    let AnyThing::Thing(first) = &things[0] else { panic!("not the base thing") };
    assert_eq!(first.name, Nullable::Value("g".to_owned()));
    assert_eq!(first.additional_properties.get("power"), Some(&serde_json::json!(9)));
    assert_eq!(
        serde_json::to_value(&shelf).expect("writes")["gadget"],
        serde_json::json!({"size": 3, "warranty": {"years": 2}})
    );
}

#[cfg(feature = "gadgets")]
#[test]
fn with_the_area_enabled_it_is_typed() {
    let shelf = read();
    assert!(shelf.additional_properties.is_empty());
    let Nullable::Value(gadget) = &shelf.gadget else { panic!("no gadget") };
    assert_eq!(gadget.size, Nullable::Value(3));
    let Nullable::Value(things) = &shelf.things else { panic!("no things") };
    let AnyThing::GadgetThing(first) = &things[0] else { panic!("not a gadget thing") };
    assert_eq!(first.power, Nullable::Value(9));
    // An operation that needs a type of the area exists only with it.
    let _ = graphgen_sdk::v1::endpoints::GetTheGadgetOfAShelf::new("s1");
}
"###;

#[test]
fn a_disabled_area_is_compiled_out_and_its_json_kept() {
    let (_tmp, dir) = common::generate_fixture_crate("areas");
    let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).expect("manifest");
    assert!(
        manifest.contains("full = [\"common\", \"gadgets\", \"storage\"]"),
        "{manifest}"
    );
    common::add_test_to_generated(&dir, TEST, "serde_json = \"1\"\n");
    // Only the `storage` area: gadgets compiled out, their JSON kept.
    common::run_generated_tests(&dir, &["--no-default-features", "--features", "v1,storage"]);
    // Everything (the default).
    common::run_generated_tests(&dir, &[]);
    // The generated code says where the areas part.
    let models = std::fs::read_to_string(dir.join("src/v1/models.rs")).expect("models");
    assert!(
        models.contains("#[cfg(feature = \"gadgets\")]\n    pub gadget:"),
        "{models}"
    );
}
