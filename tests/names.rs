//! Names that are not valid or not free in Rust (keywords, prelude names, names differing only
//! in case, leading digits, the same name in two namespaces, enum members with hyphens and
//! spaces) and recursive types: the generated crate compiles without warnings and keeps every
//! JSON name.

mod common;

#[test]
fn awkward_names_and_recursion_compile_and_round_trip() {
    let (_tmp, dir) = common::generate_fixture_crate("names");
    common::cargo_test_generated(
        &dir,
        r#"
use graphgen_sdk::v1::call_records::ResultType as CallResult;
use graphgen_sdk::v1::models::{Mode, OptionType, OptionType2, ResultType};
use serde_json::json;

#[test]
fn keywords_digits_and_clashes_keep_their_json_names() {
    let v = json!({
        "type": "t", "self": "s", "match": true, "24HourFormat": false, "1080pStream": 7,
        "additionalProperties": "a named property", "extra": 1,
        "parent": {"type": "inner", "parent": {"type": "innermost"}},
        "option": {"back": {"match": false}, "twin": {"value": "x"}},
        "other": {"code": 3, "1stAttempt": true},
        "mode": "not-set"
    });
    let r: ResultType = serde_json::from_value(v.clone()).unwrap();
    assert_eq!(r.type_.value().map(String::as_str), Some("t"));
    assert_eq!(r.additional_properties2.value().map(String::as_str), Some("a named property"));
    assert_eq!(r.additional_properties["extra"], 1);
    let parent = r.parent.value().unwrap();
    assert_eq!(parent.parent.value().unwrap().type_.value().map(String::as_str), Some("innermost"));
    let o: &OptionType = r.option.value().unwrap();
    let _twin: &OptionType2 = o.twin.value().unwrap();
    let other: &CallResult = r.other.value().unwrap();
    assert_eq!(other._1st_attempt.value(), Some(&true));
    assert_eq!(r.mode.value(), Some(&Mode::NotSet));
    assert_eq!(serde_json::to_value(&r).unwrap(), v);
}

#[test]
fn enum_members_that_are_not_identifiers() {
    for (raw, m) in [("not-set", Mode::NotSet), ("notSet", Mode::NotSet2), ("1080p", Mode::V1080p), ("Self", Mode::Self_), ("unrecognized", Mode::Unrecognized), ("new value", Mode::NewValue)] {
        assert_eq!(Mode::from(raw), m);
        assert_eq!(m.as_str(), raw);
        assert_eq!(serde_json::to_value(&m).unwrap(), json!(raw));
    }
    assert_eq!(Mode::from("unheard of"), Mode::Unrecognized2("unheard of".into()));
    assert!(Mode::NewValue.is_evolvable());
}
"#,
    );
}
