use super::*;
use crate::model::{
    EnumDef, EnumMember, EnumOrigin, ExampleKind, HttpMethod, Origin, Permissions, Property,
    Response, SourceLoc, TypeDef, TypeKind, TypeRef,
};
use serde_json::json;

fn prop(name: &str, ty: &str, collection: bool) -> Property {
    Property::from_json(
        name,
        TypeRef::parse(ty),
        collection,
        SourceLoc::new("t.md", 1),
    )
}

fn ty(name: &str, base: Option<&str>, properties: Vec<Property>) -> TypeDef {
    TypeDef {
        namespace: "microsoft.graph".to_owned(),
        name: name.to_owned(),
        kind: TypeKind::Complex,
        base: base.map(str::to_owned),
        is_abstract: false,
        open: false,
        origin: Origin::Page,
        description: String::new(),
        properties,
        area: None,
        source: SourceLoc::new(format!("{name}.md"), 1),
    }
}

fn enumeration(name: &str, flags: bool, members: &[&str]) -> EnumDef {
    EnumDef {
        namespace: "microsoft.graph".to_owned(),
        name: name.to_owned(),
        flags,
        origin: EnumOrigin::Page,
        description: String::new(),
        members: members
            .iter()
            .map(|m| EnumMember {
                name: (*m).to_owned(),
                value: None,
                evolvable: false,
                description: String::new(),
                source: SourceLoc::new("e.md", 1),
            })
            .collect(),
        area: None,
        source: SourceLoc::new("e.md", 1),
    }
}

fn operation(name: &str, response: Option<(&str, bool)>, examples: Vec<Example>) -> Operation {
    Operation {
        name: name.to_owned(),
        title: name.to_owned(),
        namespace: "microsoft.graph".to_owned(),
        method: HttpMethod::Get,
        path: "/things".to_owned(),
        paths: vec!["/things".to_owned()],
        templates: Vec::new(),
        path_parameters: Vec::new(),
        query: Vec::new(),
        query_standard: Vec::new(),
        query_notes: Vec::new(),
        query_parameters: Vec::new(),
        function_parameters: Vec::new(),
        consistency_level: false,
        headers: Vec::new(),
        request: None,
        response: response.map(|(t, collection)| Response {
            status: 200,
            ty: Some(TypeRef::parse(t)),
            collection,
        }),
        permissions: Permissions::default(),
        description: String::new(),
        examples,
        area: None,
        source: SourceLoc::new(format!("{name}.md"), 1),
    }
}

/// `thing` (with every kind of property), `shape` with the derived `circle`, two enums.
fn model() -> Model {
    Model {
        version: "v1.0".to_owned(),
        types: vec![
            ty("entity", None, vec![prop("id", "Edm.String", false)]),
            ty(
                "thing",
                Some("microsoft.graph.entity"),
                vec![
                    prop("when", "Edm.DateTimeOffset", false),
                    prop("day", "Edm.Date", false),
                    prop("at", "Edm.TimeOfDay", false),
                    prop("guid", "Edm.Guid", false),
                    prop("score", "Edm.Double", false),
                    prop("ratio", "Edm.Single", false),
                    prop("count", "Edm.Int32", false),
                    prop("flag", "Edm.Boolean", false),
                    prop("color", "microsoft.graph.color", false),
                    prop("perms", "microsoft.graph.perm", false),
                    prop("tags", "Edm.String", true),
                    prop("child", "microsoft.graph.shape", false),
                ],
            ),
            ty("shape", None, vec![prop("name", "Edm.String", false)]),
            ty(
                "circle",
                Some("microsoft.graph.shape"),
                vec![prop("radius", "Edm.Int32", false)],
            ),
        ],
        enums: vec![
            enumeration("color", false, &["red", "blue"]),
            enumeration("perm", true, &["read", "write"]),
        ],
        operations: vec![
            operation(
                "getThing",
                Some(("microsoft.graph.thing", false)),
                Vec::new(),
            ),
            operation("getName", Some(("Edm.String", false)), Vec::new()),
        ],
    }
}

fn thing_shape() -> Shape<'static> {
    Shape::Type {
        ty: TypeUse {
            ty: TypeRef::parse("microsoft.graph.thing"),
            collection: false,
        },
        concrete: false,
    }
}

fn shape_of(ty: &str, collection: bool) -> Shape<'static> {
    Shape::Type {
        ty: TypeUse {
            ty: TypeRef::parse(ty),
            collection,
        },
        concrete: false,
    }
}

fn full_thing() -> Value {
    json!({
        "@odata.type": "#microsoft.graph.thing",
        "id": "1",
        "when": "2021-07-01T08:00:00.1234567Z",
        "day": "2021-07-01",
        "at": "08:00:00.0000000",
        "guid": "6EE46B1D-56A4-4E17-9A1E-8C5B6C8D0A13",
        "score": 1,
        "ratio": 0.1,
        "count": 3,
        "flag": true,
        "color": "red",
        "perms": "read, write",
        "tags": ["a", null],
        "child": {"@odata.type": "#microsoft.graph.circle", "name": "c", "radius": 2},
        "unknown": {"kept": [1, null]}
    })
}

#[test]
fn a_body_matching_the_docs_has_no_mismatch() {
    let m = model();
    let ix = ModelIndex::new(&m);
    let mut body = full_thing();
    body["tags"] = json!(["a", "b"]);
    assert_eq!(conform(&ix, &thing_shape(), &body), Vec::new());
    // Every property may be null.
    let nulls = json!({"when": null, "count": null, "child": null, "tags": null});
    assert_eq!(conform(&ix, &thing_shape(), &nulls), Vec::new());
}

#[test]
fn contradictions_name_their_path_and_kind() {
    let m = model();
    let ix = ModelIndex::new(&m);
    let body = json!({
        "count": "3",
        "flag": "true",
        "score": "high",
        "tags": "a",
        "color": {"name": "red"},
        "child": {"@odata.type": "#microsoft.graph.circle", "radius": 2.5},
        "when": "datetime-value"
    });
    let ms = conform(&ix, &thing_shape(), &body);
    let got: Vec<(&str, &str, bool)> = ms
        .iter()
        .map(|m| (m.path.as_str(), m.category.as_str(), m.tolerated))
        .collect();
    assert_eq!(
        got,
        vec![
            ("count", "a string where Edm.Int32 is documented", false),
            ("flag", "a string where Edm.Boolean is documented", false),
            ("score", "a string where Edm.Double is documented", false),
            (
                "tags",
                "a string where an array of Edm.String is documented",
                false
            ),
            (
                "color",
                "an object where a member of enum microsoft.graph.color (a string) is documented",
                false
            ),
            (
                "child.radius",
                "a fractional number where Edm.Int32 is documented",
                false
            ),
            (
                "when",
                "Edm.DateTimeOffset not written as an RFC 3339 timestamp",
                true
            ),
        ]
    );
    // Without `@odata.type` the child is a plain shape: `radius` is an unknown property.
    let plain = json!({"child": {"radius": "big"}});
    assert_eq!(conform(&ix, &thing_shape(), &plain), Vec::new());
    // An Int32 out of range.
    let big = json!({"count": 3_000_000_000u64});
    assert_eq!(conform(&ix, &thing_shape(), &big)[0].path, "count");
}

#[test]
fn collection_and_single_value_responses() {
    let m = model();
    let ix = ModelIndex::new(&m);
    let many = shape_of("microsoft.graph.thing", true);
    assert!(conform(&ix, &many, &json!({"value": [{"id": "1"}]})).is_empty());
    assert_eq!(
        conform(&ix, &many, &json!({"id": "1"}))[0].category,
        "a collection response without `value`"
    );
    assert_eq!(
        conform(&ix, &many, &json!({"value": [{"count": 1.5}]}))[0].path,
        "value[0].count"
    );
    let name = shape_of("Edm.String", false);
    assert!(conform(&ix, &name, &json!({"value": "x"})).is_empty());
    assert_eq!(conform(&ix, &name, &json!({"value": 1}))[0].path, "value");
    assert!(!conform(&ix, &name, &json!("x")).is_empty());
}

#[test]
fn references_need_their_url() {
    let m = model();
    let ix = ModelIndex::new(&m);
    let url = json!({"@odata.id": "https://graph.microsoft.com/v1.0/users/1"});
    assert!(conform(&ix, &Shape::Reference, &url).is_empty());
    // `PUT …/$ref` with `{}` clears a reference.
    assert!(conform(&ix, &Shape::Reference, &json!({})).is_empty());
    assert_eq!(
        conform(&ix, &Shape::Reference, &json!([]))[0].category,
        "an array where a reference object is documented"
    );
    assert_eq!(
        conform(&ix, &Shape::Reference, &json!({"@odata.id": 1}))[0].path,
        "@odata.id"
    );
    let mut canonical = Canonical::new();
    let lost = compare(&ix, &Shape::Reference, &url, &json!({}), &mut canonical);
    assert_eq!(lost.len(), 1);
}

fn diffs(a: Value, b: Value) -> (Vec<Difference>, Canonical) {
    let m = model();
    let ix = ModelIndex::new(&m);
    let mut canonical = Canonical::new();
    let d = compare(&ix, &thing_shape(), &a, &b, &mut canonical);
    (d, canonical)
}

#[test]
fn canonical_spellings_are_recognised_as_values() {
    let a = full_thing();
    let mut b = a.clone();
    b["when"] = json!("2021-07-01T08:00:00.123456700Z");
    b["at"] = json!("08:00:00");
    b["guid"] = json!("6ee46b1d-56a4-4e17-9a1e-8c5b6c8d0a13");
    b["score"] = json!(1.0);
    b["ratio"] = json!(0.10000000149011612);
    b["perms"] = json!("read,write");
    let (d, canonical) = diffs(a, b);
    assert_eq!(d, Vec::new());
    let kinds: Vec<(&str, usize)> = canonical.into_iter().collect();
    assert_eq!(
        kinds,
        vec![
            ("Edm.DateTimeOffset", 1),
            ("Edm.Double", 1),
            ("Edm.Guid", 1),
            ("Edm.Single", 1),
            ("Edm.TimeOfDay", 1),
            ("flags", 1)
        ]
    );
    // The same instant with another offset is the same value.
    let (d, _) = diffs(
        json!({"when": "2021-07-01T10:00:00+02:00"}),
        json!({"when": "2021-07-01T08:00:00Z"}),
    );
    assert!(d.is_empty());
}

#[test]
fn real_changes_are_differences() {
    let cases = [
        // Another instant, time, GUID or number.
        (
            json!({"when": "2021-07-01T08:00:00.5Z"}),
            json!({"when": "2021-07-01T08:00:00Z"}),
        ),
        (json!({"at": "08:00:01"}), json!({"at": "08:00:00"})),
        (
            json!({"guid": "6ee46b1d-56a4-4e17-9a1e-8c5b6c8d0a13"}),
            json!({"guid": "6ee46b1d-56a4-4e17-9a1e-8c5b6c8d0a14"}),
        ),
        (json!({"score": 1.5}), json!({"score": 1})),
        // An integer is not re-spelled as a float; a string is never re-spelled.
        (json!({"count": 1}), json!({"count": 1.0})),
        (json!({"id": "A"}), json!({"id": "a"})),
        // Enums are case-sensitive; flags keep their order.
        (json!({"color": "red"}), json!({"color": "Red"})),
        (
            json!({"perms": "write,read"}),
            json!({"perms": "read,write"}),
        ),
        // Null and absent differ, both ways; unknown properties must survive.
        (json!({"count": null}), json!({})),
        (json!({}), json!({"count": null})),
        (json!({"x": {"y": [1, null]}}), json!({"x": {"y": [1]}})),
        // Array lengths.
        (json!({"tags": ["a", "b"]}), json!({"tags": ["a"]})),
        // Inside a derived type.
        (
            json!({"child": {"@odata.type": "#microsoft.graph.circle", "radius": 2}}),
            json!({"child": {"@odata.type": "#microsoft.graph.circle", "radius": 3}}),
        ),
    ];
    for (a, b) in cases {
        let (d, _) = diffs(a.clone(), b.clone());
        assert_eq!(d.len(), 1, "{a} vs {b}: {d:?}");
    }
    let (d, _) = diffs(json!({"count": null}), json!({}));
    assert_eq!(
        d,
        vec![Difference {
            path: "count".to_owned(),
            reason: "null was lost".to_owned()
        }]
    );
    let (d, _) = diffs(json!({"tags": ["a"]}), json!({"tags": ["b"]}));
    assert_eq!(d[0].path, "tags[0]");
}

fn example(kind: ExampleKind, odata_type: Option<&str>, body: Option<Value>) -> Example {
    Example {
        kind,
        name: None,
        method: None,
        url: None,
        status: Some(200),
        odata_type: odata_type.map(str::to_owned),
        is_collection: false,
        truncated: false,
        headers: Vec::new(),
        ty: odata_type.map(|t| TypeUse {
            ty: TypeRef::parse(t),
            collection: false,
        }),
        body,
        body_error: None,
        source: SourceLoc::new("get.md", 10),
    }
}

#[test]
fn cases_are_typed_by_annotation_or_page() {
    let mut m = model();
    m.operations[0].examples = vec![
        example(
            ExampleKind::Response,
            Some("microsoft.graph.thing"),
            Some(json!({})),
        ),
        example(ExampleKind::Response, None, Some(json!({}))),
        example(ExampleKind::Request, None, Some(json!({}))),
        example(ExampleKind::Request, None, None),
    ];
    let mut unknown = example(
        ExampleKind::Response,
        Some("microsoft.graph.nothing"),
        Some(json!({})),
    );
    unknown.ty = None;
    m.operations[1].examples = vec![unknown];
    let cs = cases(&m);
    assert_eq!(cs.len(), 4, "examples without a body are not cases");
    let typed: Vec<Result<(Selector, bool), Untyped>> = cs
        .iter()
        .map(|c| {
            c.typed
                .as_ref()
                .map(|t| (t.selector.clone(), t.named))
                .map_err(|u| *u)
        })
        .collect();
    assert_eq!(
        typed,
        vec![
            Ok((
                Selector::Type {
                    name: "microsoft.graph.thing".to_owned(),
                    collection: false
                },
                true
            )),
            Ok((
                Selector::Response {
                    operation: "getThing".to_owned()
                },
                false
            )),
            Err(Untyped::NoType),
            Err(Untyped::UnknownType),
        ]
    );
    let js = jobs(&cs);
    assert_eq!(js.iter().map(|j| j.id).collect::<Vec<_>>(), vec![0, 1]);
    assert!(js.iter().all(|j| j.version == "v1"));
}

#[test]
fn the_report_blames_docs_or_generator() {
    let mut m = model();
    let thing = |body| example(ExampleKind::Response, Some("microsoft.graph.thing"), body);
    m.operations[0].examples = vec![
        // 0: exact.
        thing(Some(json!({"count": 1}))),
        // 1: rejected, and the docs say why.
        thing(Some(json!({"count": "1"}))),
        // 2: rejected although it matches the docs.
        thing(Some(json!({"count": 2}))),
        // 3: read, but written back changed.
        thing(Some(json!({"count": 3}))),
        // 4: a placeholder timestamp, kept verbatim.
        thing(Some(json!({"when": "datetime-value"}))),
        // 5: not JSON.
        {
            let mut e = thing(None);
            e.body_error = Some("line 12: expected `,`".to_owned());
            e
        },
    ];
    let cs = cases(&m);
    let failed = |path: &str, message: &str| {
        Outcome::Failed(Failure {
            path: path.to_owned(),
            message: message.to_owned(),
        })
    };
    let results = vec![
        JobResult {
            id: 0,
            outcome: Outcome::RoundTripped {
                value: json!({"count": 1}),
            },
        },
        JobResult {
            id: 1,
            outcome: failed("count", "invalid type: string"),
        },
        JobResult {
            id: 2,
            outcome: failed("count", "boom"),
        },
        JobResult {
            id: 3,
            outcome: Outcome::RoundTripped { value: json!({}) },
        },
        JobResult {
            id: 4,
            outcome: Outcome::RoundTripped {
                value: json!({"when": "datetime-value"}),
            },
        },
    ];
    let r = report(&cs, &results);
    assert_eq!(
        (
            r.found,
            r.typed,
            r.deserialized,
            r.exact,
            r.named,
            r.named_deserialized
        ),
        (6, 6, 3, 2, 6, 3)
    );
    let blamed: Vec<(&str, Cause, &str)> = r
        .failures
        .iter()
        .map(|f| (f.source.as_str(), f.cause, f.category.as_str()))
        .collect();
    assert_eq!(
        blamed,
        vec![
            (
                "get.md:10",
                Cause::Docs,
                "a string where Edm.Int32 is documented"
            ),
            ("get.md:10", Cause::Docs, "not JSON"),
            (
                "get.md:10",
                Cause::Generator,
                "the generated type rejects a body that matches the docs"
            ),
            (
                "get.md:10",
                Cause::Generator,
                "the round trip changed the body"
            ),
        ]
    );
    assert_eq!((r.docs_errors(), r.generator_errors()), (2, 2));
    assert_eq!(r.tolerated.len(), 1);
    assert_eq!(r.named_tolerated(), 1);
    let text = r.to_string();
    assert!(text.contains("get.md:10 (response as microsoft.graph.thing) at `count`: 3 was lost"));
    assert_eq!(
        text.lines().last(),
        Some("examples: 6 found, 6 typed, 3 deserialized, 2 round-tripped exactly")
    );
}

#[test]
fn validate_reports_each_contradiction_once_at_its_example() {
    let mut m = model();
    m.operations[0].examples = vec![example(
        ExampleKind::Response,
        Some("microsoft.graph.thing"),
        Some(json!({"count": "1", "flag": "yes"})),
    )];
    let mut d = Diagnostics::default();
    validate(&m, &mut d);
    let all = d.sorted();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].kind, DiagKind::ExampleMismatch);
    assert_eq!((all[0].file.as_str(), all[0].line), ("get.md", 10));
    assert!(all[0].message.contains("at `count`"), "{}", all[0].message);
    assert!(
        all[0].message.contains("(and 1 more)"),
        "{}",
        all[0].message
    );
}

#[test]
fn requests_of_another_method_are_not_typed_by_the_operation() {
    let mut m = model();
    let op = &mut m.operations[0];
    op.method = HttpMethod::Post;
    op.request = Some(RequestBody::Reference);
    let mut post = example(ExampleKind::Request, None, Some(json!({"@odata.id": "u"})));
    post.method = Some(HttpMethod::Post);
    let mut patch = example(
        ExampleKind::Request,
        None,
        Some(json!({"members@odata.bind": ["u"]})),
    );
    patch.method = Some(HttpMethod::Patch);
    op.examples = vec![post, patch];
    let cs = cases(&m);
    assert!(cs[0].typed.is_ok());
    assert_eq!(cs[1].typed.as_ref().err(), Some(&Untyped::OtherMethod));
}
