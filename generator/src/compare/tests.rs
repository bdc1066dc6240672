//! A small CSDL and a hand-built model, with every figure and every disagreement kind checked.

use super::{compare, csdl, load_input, CompareError, Disagreement, Kind, Ratio, Report};
use crate::model::{
    EnumDef, EnumMember, EnumOrigin, Model, Origin, Property, SourceLoc, TypeDef, TypeKind, TypeRef,
};
use std::path::Path;

const CSDL: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
  <edmx:DataServices>
    <Schema Namespace="microsoft.graph" Alias="graph" xmlns="http://docs.oasis-open.org/odata/ns/edm">
      <EnumType Name="color">
        <Member Name="red" Value="0" />
        <Member Name="green" Value="1" />
        <Member Name="blue" Value="2" />
      </EnumType>
      <EnumType Name="size"><Member Name="small" Value="0" /></EnumType>
      <EnumType Name="shape"><Member Name="circle" Value="0" /></EnumType>
      <EnumType Name="status">
        <Member Name="on" Value="0" />
        <Member Name="unknownFutureValue" Value="1" />
        <Member Name="off" Value="2" />
      </EnumType>
      <EntityType Name="entity" Abstract="true">
        <Key><PropertyRef Name="id" /></Key>
        <Property Name="id" Type="Edm.String" Nullable="false" />
      </EntityType>
      <EntityType Name="user" BaseType="graph.entity" OpenType="true">
        <Property Name="displayName" Type="Edm.String" />
        <Property Name="tags" Type="Collection(Edm.String)" />
        <Property Name="age" Type="Edm.Int32" />
        <Property Name="data" Type="graph.Json" />
        <NavigationProperty Name="manager" Type="graph.user" />
      </EntityType>
      <EntityType Name="special" BaseType="graph.user">
        <Property Name="level" Type="Edm.Int32" />
      </EntityType>
      <ComplexType Name="address">
        <Property Name="street" Type="Edm.String" />
        <Property Name="city" Type="Edm.String" />
      </ComplexType>
      <ComplexType Name="missingOne" />
      <ComplexType Name="noPage" />
      <Annotations Target="microsoft.graph.user">
        <Annotation Term="Org.OData.Core.V1.Computed" Bool="true" />
      </Annotations>
    </Schema>
    <Schema Namespace="microsoft.graph.callRecords" xmlns="http://docs.oasis-open.org/odata/ns/edm">
      <EnumType Name="modality">
        <Member Name="audio" Value="0" />
        <Member Name="video" Value="1" />
      </EnumType>
      <EntityType Name="session" BaseType="microsoft.graph.entity">
        <Property Name="modalities" Type="Collection(microsoft.graph.callRecords.modality)" />
      </EntityType>
      <ComplexType Name="segment" />
    </Schema>
  </edmx:DataServices>
</edmx:Edmx>
"#;

fn prop(name: &str, ty: &str, collection: bool, source: &str) -> Property {
    Property {
        name: name.to_owned(),
        ty: TypeRef::parse(ty),
        collection,
        navigation: false,
        description: String::new(),
        inherited_from: None,
        source: SourceLoc::parse(source).expect("file:line"),
    }
}

fn ty(
    ns: &str,
    name: &str,
    base: Option<&str>,
    origin: Origin,
    source: &str,
    properties: Vec<Property>,
) -> TypeDef {
    TypeDef {
        namespace: ns.to_owned(),
        name: name.to_owned(),
        kind: TypeKind::Complex,
        base: base.map(str::to_owned),
        is_abstract: false,
        open: false,
        origin,
        description: String::new(),
        properties,
        area: None,
        source: SourceLoc::parse(source).expect("file:line"),
    }
}

fn en(ns: &str, name: &str, origin: EnumOrigin, members: &[(&str, i64)]) -> EnumDef {
    let source = SourceLoc::new(format!("resources/{}.md", name.to_lowercase()), 5);
    EnumDef {
        namespace: ns.to_owned(),
        name: name.to_owned(),
        flags: false,
        origin,
        description: String::new(),
        members: members
            .iter()
            .enumerate()
            .map(|(i, (n, v))| EnumMember {
                name: (*n).to_owned(),
                value: Some(*v),
                evolvable: false,
                description: String::new(),
                source: SourceLoc::new(
                    format!("resources/{}.md", name.to_lowercase()),
                    10 + i as u32,
                ),
            })
            .collect(),
        area: None,
        source,
    }
}

const G: &str = "microsoft.graph";
const CR: &str = "microsoft.graph.callRecords";

/// The test model: `model_types` and `model_enums`.
fn model() -> Model {
    Model {
        version: "v1.0".to_owned(),
        types: model_types(),
        enums: model_enums(),
        operations: vec![],
    }
}

/// The test model's types: matches, a placeholder, a type only the model has, and properties
/// showing every property-level disagreement.
fn model_types() -> Vec<TypeDef> {
    use Origin::{Page, Placeholder};
    vec![
        ty(
            G,
            "entity",
            None,
            Page,
            "resources/entity.md:1",
            vec![prop("id", "Edm.String", false, "resources/entity.md:20")],
        ),
        ty(
            G,
            "user",
            Some("microsoft.graph.entity"),
            Page,
            "resources/user.md:1",
            vec![
                prop("displayName", "Edm.String", false, "resources/user.md:20"),
                // Collection-ness only.
                prop("tags", "Edm.String", false, "resources/user.md:21"),
                // Wrong type.
                prop("age", "Edm.Int64", false, "resources/user.md:22"),
                // `Json` in the docs is `graph.Json` in the metadata.
                prop("data", "Edm.Untyped", false, "resources/user.md:23"),
                // Qualified names compare case-insensitively.
                prop(
                    "manager",
                    "microsoft.graph.User",
                    false,
                    "resources/user.md:24",
                ),
                prop("nickname", "Edm.String", false, "resources/user.md:25"),
            ],
        ),
        ty(
            G,
            "special",
            Some("microsoft.graph.user"),
            Page,
            "resources/special.md:1",
            vec![prop("level", "Edm.Int32", false, "resources/special.md:20")],
        ),
        ty(
            G,
            "address",
            None,
            Page,
            "resources/address.md:1",
            vec![
                prop("street", "Edm.String", false, "resources/address.md:20"),
                prop("City", "Edm.String", false, "resources/address.md:21"),
            ],
        ),
        ty(
            G,
            "missingOne",
            None,
            Placeholder,
            "resources/user.md:30",
            vec![],
        ),
        // The page missingone.md yielded a type of another name.
        ty(
            G,
            "modelOnly",
            None,
            Page,
            "resources/missingone.md:3",
            vec![],
        ),
        ty(
            CR,
            "session",
            Some("microsoft.graph.entity"),
            Page,
            "resources/callrecords-session.md:1",
            vec![prop(
                "modalities",
                "microsoft.graph.callRecords.modality",
                true,
                "resources/callrecords-session.md:20",
            )],
        ),
    ]
}

/// The test model's enums: one with a missing and an extra member, a placeholder, one without
/// evolvable members and one from a description.
fn model_enums() -> Vec<EnumDef> {
    vec![
        en(
            G,
            "color",
            EnumOrigin::Page,
            &[("red", 0), ("green", 1), ("purple", 5)],
        ),
        en(G, "shape", EnumOrigin::Placeholder, &[]),
        // `off` comes after the sentinel in the metadata, but the docs do not say it is
        // evolvable.
        en(
            G,
            "status",
            EnumOrigin::Page,
            &[("on", 0), ("unknownFutureValue", 1), ("off", 2)],
        ),
        en(
            CR,
            "modality",
            EnumOrigin::Description,
            &[("audio", 0), ("video", 1)],
        ),
    ]
}

/// A docs folder with the resource pages the test model's types name, plus two more.
fn docs_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let res = dir.path().join("resources");
    std::fs::create_dir_all(&res).expect("mkdir");
    for f in [
        "entity.md",
        "user.md",
        "special.md",
        "address.md",
        "missingone.md",
        "callrecords-session.md",
        "callrecords-segment.md",
    ] {
        std::fs::write(res.join(f), "# page\n").expect("write");
    }
    dir
}

/// `m` compared with `CSDL` on a fresh `docs_dir`.
fn folder_report(m: &Model) -> Report {
    let dir = docs_dir();
    compare(m, CSDL, Some(dir.path())).expect("compares")
}

fn find<'a>(r: &'a Report, kind: Kind, label: &str) -> &'a Disagreement {
    r.disagreements
        .iter()
        .find(|d| d.kind == kind && d.label() == label)
        .unwrap_or_else(|| panic!("no {} {label} in {:#?}", kind.as_str(), r.disagreements))
}

#[test]
fn reads_csdl() {
    let c = csdl::parse(CSDL).expect("parses");
    assert_eq!(c.types.len(), 8);
    assert_eq!(c.enums.len(), 5);
    assert_eq!(c.aliases.get("graph").map(String::as_str), Some(G));
    let user = &c.types[1];
    assert_eq!(user.qualified(), "microsoft.graph.user");
    assert!(user.entity);
    assert_eq!(user.base.as_deref(), Some("microsoft.graph.entity"));
    assert_eq!(user.properties.len(), 5);
    assert_eq!(user.properties[1].ty, "Edm.String");
    assert!(user.properties[1].collection);
    assert_eq!(user.properties[4].ty, "microsoft.graph.user");
    let session = &c.types[6];
    assert_eq!(session.qualified(), "microsoft.graph.callRecords.session");
    assert_eq!(
        session.properties[0].ty,
        "microsoft.graph.callRecords.modality"
    );
    assert_eq!(
        c.enums[0].members[2],
        ("blue".to_owned(), Some("2".to_owned()))
    );
}

#[test]
fn figures_on_a_docs_folder() {
    let r = folder_report(&model());
    let f = &r.figures;
    assert_eq!(f.metadata_types, 8);
    // Found: entity, user, special, address, session. missingOne is only a placeholder.
    assert_eq!(f.type_recall, Ratio::new(5, 8));
    // Pages: the five found, missingone.md, callrecords-segment.md; noPage has none.
    assert_eq!(f.metadata_types_with_page, Ratio::new(7, 8));
    assert_eq!(f.type_recall_with_page, Ratio::new(5, 7));
    assert_eq!(f.type_recall_with_page.percent, Some(71.43));
    assert_eq!(f.model_page_types, 6);
    assert_eq!(f.model_types_not_in_metadata, 1);
    assert_eq!(r.model_only_types, vec!["microsoft.graph.modelOnly"]);
    assert_eq!(f.base_type_agreement, Ratio::new(5, 5));
    // Flattened metadata properties: entity 1, user 6, special 7, address 2, session 2 = 18;
    // all but address.city are found.
    assert_eq!(f.property_recall, Ratio::new(17, 18));
    // Flattened model properties: entity 1, user 7, special 8, address 2, session 2 = 20;
    // user.nickname (twice: user and special) and address.City are extra.
    assert_eq!(f.property_precision, Ratio::new(17, 20));
    assert_eq!(f.property_case_only_matches, 1);
    // tags and age disagree on user and on special.
    assert_eq!(f.property_type_agreement, Ratio::new(13, 17));
    assert_eq!(f.property_collection_only_mismatches, 2);
    assert_eq!(f.metadata_enums, 5);
    // color, status (pages) and modality (description); shape is a placeholder, size is absent.
    assert_eq!(f.enum_recall, Ratio::new(3, 5));
    // color: red, green in both, blue missing, purple extra; modality and status identical.
    assert_eq!(f.enum_member_agreement, Ratio::new(7, 9));
    // Per enum: color 2 of 4, modality 2 of 2, status 3 of 3: a mean of 83.33%.
    assert_eq!(f.enum_member_agreement_per_enum.percent, Some(83.33));
    assert_eq!(f.enum_member_agreement_per_enum.items, 3);
    assert!(f.enum_member_agreement_per_enum.at_least(83.33));
    assert!(!f.enum_member_agreement_per_enum.at_least(83.34));
    assert_eq!(f.enum_member_recall, Ratio::new(7, 8));
    assert_eq!(f.enum_member_precision, Ratio::new(7, 8));
    assert_eq!(f.enums_identical, Ratio::new(2, 3));
    // status has a sentinel in the metadata; the docs do not mark `off` evolvable.
    assert_eq!(f.evolvable_agreement, Ratio::new(0, 1));
    assert_eq!(f.disagreements, 13);
    assert_eq!(f.disagreements_without_file, 2);
    assert!(r.page_rule.starts_with("docs folder"));
}

#[test]
fn every_disagreement_kind() {
    let r = folder_report(&model());
    let counts: Vec<(Kind, usize)> = Kind::ALL
        .iter()
        .map(|&k| (k, r.disagreements.iter().filter(|d| d.kind == k).count()))
        .collect();
    assert_eq!(
        counts,
        vec![
            (Kind::MissingType, 3),
            (Kind::MissingProperty, 1),
            (Kind::ExtraProperty, 2),
            (Kind::TypeMismatch, 2),
            (Kind::MissingEnum, 2),
            (Kind::MissingEnumMember, 1),
            (Kind::ExtraEnumMember, 1),
            (Kind::EvolvableMismatch, 1),
        ]
    );

    let d = find(&r, Kind::MissingType, "microsoft.graph.missingOne");
    assert_eq!(d.source.as_deref(), Some("resources/missingone.md"));
    assert_eq!(
        d.docs.as_deref(),
        Some("placeholder (first linked at resources/user.md:30)")
    );
    assert_eq!(d.metadata.as_deref(), Some("ComplexType"));
    let d = find(&r, Kind::MissingType, "microsoft.graph.callRecords.segment");
    assert_eq!(
        d.source.as_deref(),
        Some("resources/callrecords-segment.md")
    );
    let d = find(&r, Kind::MissingType, "microsoft.graph.noPage");
    assert_eq!(d.source, None);

    let d = find(&r, Kind::MissingProperty, "microsoft.graph.address.city");
    assert_eq!(d.docs.as_deref(), Some("named City"));
    assert_eq!(d.metadata.as_deref(), Some("Edm.String"));
    assert_eq!(d.source.as_deref(), Some("resources/address.md:1"));

    // Inherited by special: one entry at user, affecting both types.
    let d = find(&r, Kind::ExtraProperty, "microsoft.graph.user.nickname");
    assert_eq!(d.affected, 2);
    assert_eq!(d.docs.as_deref(), Some("Edm.String"));
    assert_eq!(d.metadata, None);
    assert_eq!(d.source.as_deref(), Some("resources/user.md:25"));
    let d = find(&r, Kind::ExtraProperty, "microsoft.graph.address.City");
    assert_eq!(d.affected, 1);

    let d = find(&r, Kind::TypeMismatch, "microsoft.graph.user.tags");
    assert_eq!(d.docs.as_deref(), Some("Edm.String"));
    assert_eq!(d.metadata.as_deref(), Some("Collection(Edm.String)"));
    assert_eq!(d.source.as_deref(), Some("resources/user.md:21"));
    assert_eq!(d.affected, 2);
    let d = find(&r, Kind::TypeMismatch, "microsoft.graph.user.age");
    assert_eq!(d.docs.as_deref(), Some("Edm.Int64"));
    assert_eq!(d.metadata.as_deref(), Some("Edm.Int32"));

    let d = find(&r, Kind::MissingEnum, "microsoft.graph.shape");
    assert_eq!(
        d.docs.as_deref(),
        Some("placeholder (no members documented)")
    );
    assert_eq!(d.source.as_deref(), Some("resources/shape.md:5"));
    let d = find(&r, Kind::MissingEnum, "microsoft.graph.size");
    assert_eq!((d.docs.as_deref(), d.source.as_deref()), (None, None));
    assert_eq!(d.metadata.as_deref(), Some("1 members"));

    let d = find(&r, Kind::MissingEnumMember, "microsoft.graph.color.blue");
    assert_eq!(d.metadata.as_deref(), Some("value 2"));
    assert_eq!(d.source.as_deref(), Some("resources/color.md:5"));
    let d = find(&r, Kind::ExtraEnumMember, "microsoft.graph.color.purple");
    assert_eq!(d.docs.as_deref(), Some("value 5"));
    assert_eq!(d.source.as_deref(), Some("resources/color.md:12"));

    let d = find(&r, Kind::EvolvableMismatch, "microsoft.graph.status");
    assert_eq!(d.docs.as_deref(), Some("evolvable: "));
    assert_eq!(d.metadata.as_deref(), Some("after unknownFutureValue: off"));
    // Marked evolvable, the docs agree.
    let mut m = model();
    let status = m
        .enums
        .iter_mut()
        .find(|e| e.name == "status")
        .expect("status");
    status.members[2].evolvable = true;
    let r = folder_report(&m);
    assert_eq!(r.figures.evolvable_agreement, Ratio::new(1, 1));
}

#[test]
fn groups_and_summary() {
    let r = folder_report(&model());
    let kinds: Vec<(&str, usize)> = r
        .by_kind
        .iter()
        .map(|g| (g.key.as_str(), g.count))
        .collect();
    assert_eq!(
        kinds,
        vec![
            ("missing-type", 3),
            ("extra-property", 2),
            ("missing-enum", 2),
            ("type-mismatch", 2),
            ("evolvable-mismatch", 1),
            ("extra-enum-member", 1),
            ("missing-enum-member", 1),
            ("missing-property", 1),
        ]
    );
    // user.md: nickname, tags, age.
    assert_eq!(r.by_file[0].key, "resources/user.md");
    assert_eq!(r.by_file[0].count, 3);
    assert_eq!(
        r.by_file[0].breakdown,
        vec![
            ("type-mismatch".to_owned(), 2),
            ("extra-property".to_owned(), 1)
        ]
    );
    // address.md (city, City) and color.md tie; ties go by file name.
    assert_eq!(r.by_file[1].key, "resources/address.md");
    assert_eq!(r.by_file[2].key, "resources/color.md");
    assert_eq!(r.by_file[2].count, 2);

    let s = r.summary(3);
    assert!(
        s.contains("type recall (types with a resource page)"),
        "{s}"
    );
    assert!(s.contains("5/7 (71.43%)"), "{s}");
    assert!(s.contains("First 3 of 13:"), "{s}");
    assert!(s.contains("resources/user.md"), "{s}");
    assert_eq!(s.lines().filter(|l| l.starts_with("  missing-")).count(), 3);

    let json = serde_json::to_value(&r).expect("serializes");
    assert_eq!(json["figures"]["propertyRecall"]["count"], 17);
    assert_eq!(json["figures"]["propertyRecall"]["total"], 18);
    assert_eq!(json["disagreements"][0]["kind"], "missing-type");
    assert_eq!(json["disagreements"].as_array().map(Vec::len), Some(13));
}

#[test]
fn saved_model_uses_page_sources() {
    // Without the folder, only the files the model's page types come from are known:
    // missingone.md (modelOnly came from it) but not callrecords-segment.md.
    let r = compare(&model(), CSDL, None).expect("compares");
    assert_eq!(r.figures.metadata_types_with_page, Ratio::new(6, 8));
    assert_eq!(r.figures.type_recall_with_page, Ratio::new(5, 6));
    assert!(r.page_rule.starts_with("saved model"));
    // Everything else is the same.
    let folder = folder_report(&model());
    assert_eq!(r.figures.property_recall, folder.figures.property_recall);
    assert_eq!(
        r.figures.enum_member_agreement,
        folder.figures.enum_member_agreement
    );
}

#[test]
fn a_missing_base_loses_inherited_properties() {
    let mut m = model();
    let special = m
        .types
        .iter_mut()
        .find(|t| t.name == "special")
        .expect("special");
    special.base = None;
    let r = compare(&m, CSDL, None).expect("compares");
    assert_eq!(r.figures.base_type_agreement, Ratio::new(4, 5));
    // special keeps only level: displayName, tags, age, data, manager and id are missing there.
    assert_eq!(r.figures.property_recall, Ratio::new(11, 18));
    let d = find(&r, Kind::MissingProperty, "microsoft.graph.special.id");
    assert_eq!(d.source.as_deref(), Some("resources/special.md:1"));
    assert_eq!(d.affected, 1);
}

#[test]
fn base_cycles_end() {
    let xml = r#"<edmx:Edmx xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx"><edmx:DataServices>
        <Schema Namespace="ns" Alias="n" xmlns="http://docs.oasis-open.org/odata/ns/edm">
          <ComplexType Name="a" BaseType="n.b"><Property Name="x" Type="Edm.String" /></ComplexType>
          <ComplexType Name="b" BaseType="n.a"><Property Name="y" Type="Edm.String" /></ComplexType>
        </Schema></edmx:DataServices></edmx:Edmx>"#;
    let m = Model {
        version: "v1.0".to_owned(),
        types: vec![
            ty(
                "ns",
                "a",
                Some("ns.b"),
                Origin::Page,
                "a.md:1",
                vec![prop("x", "Edm.String", false, "a.md:2")],
            ),
            ty(
                "ns",
                "b",
                Some("ns.a"),
                Origin::Page,
                "b.md:1",
                vec![prop("y", "Edm.String", false, "b.md:2")],
            ),
        ],
        ..Model::default()
    };
    let r = compare(&m, xml, None).expect("compares");
    assert_eq!(r.figures.property_recall, Ratio::new(4, 4));
    assert_eq!(r.figures.property_type_agreement, Ratio::new(4, 4));
    assert_eq!(r.figures.enum_recall.percent, None);
    assert_eq!(r.figures.disagreements, 0);
}

#[test]
fn bad_metadata_is_an_error() {
    let m = model();
    assert!(matches!(
        compare(&m, "<Edmx><unclosed>", None),
        Err(CompareError::Xml(_))
    ));
    assert!(matches!(
        compare(&m, "not xml at all", None),
        Err(CompareError::Xml(_))
    ));
    assert!(matches!(
        compare(&m, "<html><body/></html>", None),
        Err(CompareError::NotCsdl(_))
    ));
    let no_name = r#"<Edmx><DataServices><Schema Namespace="x">
        <EntityType><Property Name="a" Type="Edm.String"/></EntityType>
        </Schema></DataServices></Edmx>"#;
    match compare(&m, no_name, None) {
        Err(CompareError::NotCsdl(msg)) => assert!(msg.contains("without Name"), "{msg}"),
        other => panic!("expected NotCsdl, got {other:?}"),
    }
    let no_type = r#"<Edmx><DataServices><Schema Namespace="x">
        <EntityType Name="t"><Property Name="a"/></EntityType>
        </Schema></DataServices></Edmx>"#;
    assert!(matches!(
        compare(&m, no_type, None),
        Err(CompareError::NotCsdl(_))
    ));
}

#[test]
fn missing_docs_folder_is_an_error() {
    let r = compare(
        &model(),
        CSDL,
        Some(Path::new("/nonexistent/graphgen/docs")),
    );
    assert!(matches!(r, Err(CompareError::Io { .. })));
}

#[test]
fn ratios() {
    assert_eq!(Ratio::new(1, 3).percent, Some(33.33));
    assert_eq!(Ratio::new(0, 0).percent, None);
    assert!(Ratio::new(97, 100).at_least(97.0));
    assert!(!Ratio::new(96, 100).at_least(97.0));
    assert!(!Ratio::new(0, 0).at_least(0.0));
    assert_eq!(Ratio::new(2, 3).to_string(), "2/3 (66.67%)");
}

#[test]
fn loads_saved_models() {
    let dir = tempfile::tempdir().expect("temp dir");
    let one = dir.path().join("one.json");
    std::fs::write(&one, serde_json::to_string(&model()).expect("json")).expect("write");
    let l = load_input(&one, "beta").expect("loads");
    assert_eq!(l.model.version, "v1.0");
    assert!(l.docs_dir.is_none());

    let mut beta = model();
    beta.version = "beta".to_owned();
    let many = dir.path().join("many.json");
    std::fs::write(
        &many,
        serde_json::to_string(&vec![model(), beta]).expect("json"),
    )
    .expect("write");
    assert_eq!(
        load_input(&many, "beta").expect("loads").model.version,
        "beta"
    );
    assert!(matches!(
        load_input(&many, "v2"),
        Err(CompareError::NoVersion { .. })
    ));

    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{\"version\": 1}").expect("write");
    assert!(matches!(
        load_input(&bad, "v1.0"),
        Err(CompareError::Load(crate::Error::ModelJson { .. }))
    ));
    assert!(load_input(&dir.path().join("absent"), "v1.0").is_err());
}
