//! The real v1.0 docs (`../shared/graph-docs/v1.0`, July 2021): the whole corpus builds a model,
//! and well-known types and operations come out as the docs say. (CI also compiles the crate
//! generated from them, with warnings denied.)

mod common;

use graphgen::model::{HttpMethod, Model, Operation, TypeDef, TypeKind, TypeRef};
use std::sync::OnceLock;

fn v1() -> &'static (Model, graphgen::diag::Diagnostics) {
    static MODEL: OnceLock<(Model, graphgen::diag::Diagnostics)> = OnceLock::new();
    MODEL.get_or_init(|| common::model(&common::shared().join("graph-docs/v1.0")))
}

fn ty(name: &str) -> &'static TypeDef {
    v1().0
        .types
        .iter()
        .find(|t| t.qualified() == name)
        .unwrap_or_else(|| panic!("no type {name}"))
}

fn op_at(method: HttpMethod, path: &str) -> &'static Operation {
    v1().0
        .operations
        .iter()
        .find(|o| o.method == method && o.paths.iter().any(|p| p == path))
        .unwrap_or_else(|| panic!("no operation {method:?} {path}"))
}

fn set(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

#[test]
fn the_whole_corpus_builds_a_model() {
    let (m, d) = v1();
    assert_eq!(m.version, "v1.0");
    assert!(m.types.len() >= 1000, "{} types", m.types.len());
    assert!(m.enums.len() >= 300, "{} enums", m.enums.len());
    assert!(
        m.operations.len() >= 1950,
        "{} operations",
        m.operations.len()
    );
    // The docs have warnings (unrepairable example JSON among them) but nothing that makes the
    // SDK wrong, and every diagnostic stands at a real line of its page.
    assert!(
        !d.has_errors(),
        "{:?}",
        d.sorted()
            .iter()
            .find(|x| x.severity == graphgen::diag::Severity::Error)
    );
    assert!(d.sorted().len() > 100);
    let root = common::shared().join("graph-docs/v1.0");
    let mut lines = std::collections::HashMap::new();
    for x in d.sorted() {
        assert!(x.file.ends_with(".md"), "{x}");
        let n = *lines.entry(x.file.clone()).or_insert_with(|| {
            let text = std::fs::read_to_string(root.join(&x.file)).expect("the page");
            text.lines().count() as u32
        });
        assert!(x.line >= 1 && x.line <= n, "{x} (the page has {n} lines)");
    }
    let names: std::collections::HashSet<&str> =
        m.operations.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(
        names.len(),
        m.operations.len(),
        "operation names are unique"
    );
}

#[test]
fn well_known_types() {
    let user = ty("microsoft.graph.user");
    assert_eq!(user.kind, TypeKind::Entity);
    assert_eq!(
        user.base.as_deref(),
        Some("microsoft.graph.directoryObject")
    );
    assert_eq!(
        user.source.to_string(),
        "resources/user.md:10",
        "user.md, not an Intune slice, defines user"
    );
    let p = |t: &TypeDef, n: &str| {
        t.properties
            .iter()
            .find(|p| p.name == n)
            .map(|p| (p.ty.to_string(), p.collection, p.navigation))
    };
    assert_eq!(
        p(user, "accountEnabled"),
        Some(("Edm.Boolean".into(), false, false))
    );
    assert_eq!(
        p(user, "businessPhones"),
        Some(("Edm.String".into(), true, false))
    );
    assert_eq!(
        p(user, "memberOf"),
        Some(("microsoft.graph.directoryObject".into(), true, true))
    );
    // Intune's slice of user is merged in.
    assert!(p(user, "managedDevices").is_some());
    // Namespaces other than microsoft.graph.
    let session = ty("microsoft.graph.callRecords.session");
    assert_eq!(
        p(session, "segments"),
        Some(("microsoft.graph.callRecords.segment".into(), true, true))
    );
    assert!(v1()
        .0
        .types
        .iter()
        .any(|t| t.namespace == "microsoft.graph.externalConnectors"));
    // Reference-style links: `[identitySet][]`.
    let item = ty("microsoft.graph.baseItem");
    assert_eq!(
        p(item, "createdBy").map(|x| x.0),
        Some("microsoft.graph.identitySet".into())
    );
    // An enum page member list, with evolvable members after the sentinel.
    let e = v1()
        .0
        .enums
        .iter()
        .find(|e| e.qualified() == "microsoft.graph.callRecords.modality")
        .expect("modality");
    assert!(e.members.iter().any(|m| m.name == "unknownFutureValue"));
}

#[test]
fn well_known_operations() {
    let list_users = op_at(HttpMethod::Get, "/users");
    // "including `$search`, `$count`, `$filter`, and `$select`" is not a complete list: the named
    // ones first, then the rest of the standard set of a collection GET.
    assert_eq!(
        list_users.query,
        set(&["$search", "$count", "$filter", "$select", "$top", "$skip", "$orderby", "$expand"])
    );
    assert_eq!(
        list_users.query_standard,
        set(&["$top", "$skip", "$orderby", "$expand"])
    );
    assert!(list_users.consistency_level, "ConsistencyLevel: eventual");
    let r = list_users.response.as_ref().expect("response");
    assert_eq!(
        (r.status, r.ty.as_ref().map(TypeRef::as_str), r.collection),
        (200, Some("microsoft.graph.user"), true)
    );
    assert_eq!(
        list_users.permissions.delegated_work[0],
        set(&["User.ReadBasic.All"])
    );
    assert!(list_users.permissions.delegated_personal.is_empty());

    // `{id | userPrincipalName}` is one parameter.
    let get_user = op_at(HttpMethod::Get, "/users/{id|userPrincipalName}");
    assert_eq!(get_user.path_parameters.len(), 1);
    assert_eq!(get_user.path_parameters[0].name, "id");

    // The sign-ins list: the seed 002 operation as the markdown page has it.
    let sign_ins = op_at(HttpMethod::Get, "/auditLogs/signIns");
    assert_eq!(
        sign_ins
            .response
            .as_ref()
            .and_then(|r| r.ty.as_ref().map(TypeRef::as_str)),
        Some("microsoft.graph.signIn")
    );

    // Intune pages put permissions under `## Prerequisites`.
    let dm = v1()
        .0
        .operations
        .iter()
        .find(|o| o.source.file == "api/intune-androidforwork-devicemanagement-get.md")
        .expect("intune get");
    assert_eq!(
        dm.permissions.application[0],
        set(&["DeviceManagementConfiguration.Read.All"])
    );

    // Permissions split by scenario are united; several paths, one operation.
    let msg = v1()
        .0
        .operations
        .iter()
        .find(|o| o.source.file == "api/chatmessage-get.md")
        .expect("chatMessage get");
    assert!(msg.paths.len() >= 4, "{:?}", msg.paths);
    assert!(msg
        .permissions
        .delegated_work
        .contains(&set(&["Chat.Read"])));
    assert!(msg
        .permissions
        .delegated_work
        .contains(&set(&["ChannelMessage.Read.All"])));

    // A PATCH with a parameter table.
    let update = op_at(HttpMethod::Patch, "/users/{id|userPrincipalName}");
    assert!(update.request.is_some());
    assert_eq!(update.response.as_ref().map(|r| r.status), Some(204));
}

/// The examples of v1.0 as the harness sees them (`cargo xtask examples` then runs them through
/// the generated crate; CI does): every annotation names a type the docs define, and the model
/// check finds the docs' own contradictions, each a diagnostic with file, line and JSON path.
#[test]
fn examples_are_typed_and_checked() {
    use graphgen::examples::{self, Untyped};
    let (m, diags) = v1();
    let cases = examples::cases(m);
    assert!(cases.len() > 2400, "{} examples with a body", cases.len());
    let untyped = |u: Untyped| {
        cases
            .iter()
            .filter(|c| c.typed.as_ref().err() == Some(&u))
            .count()
    };
    assert_eq!(untyped(Untyped::UnknownType), 0);
    let typed = cases.iter().filter(|c| c.typed.is_ok()).count();
    assert!(typed * 100 > cases.len() * 95, "{typed} of {}", cases.len());
    let named = cases
        .iter()
        .filter(|c| c.is_response() && c.typed.as_ref().is_ok_and(|t| t.named))
        .count();
    assert!(named > 1000, "{named} response examples name their type");
    // `Collection(microsoft.graph.x)` annotations are collections of x.
    let delta = cases
        .iter()
        .find(|c| c.example.source.to_string() == "api/educationclass-delta.md:105")
        .expect("educationClass delta response");
    assert_eq!(
        delta
            .example
            .ty
            .as_ref()
            .map(|t| (t.ty.as_str(), t.collection)),
        Some(("microsoft.graph.educationClass", true))
    );
    let mismatches: Vec<_> = diags
        .sorted()
        .into_iter()
        .filter(|d| d.kind == graphgen::diag::DiagKind::ExampleMismatch)
        .collect();
    assert!(
        !mismatches.is_empty() && mismatches.len() * 20 < typed,
        "{} example-mismatch diagnostics",
        mismatches.len()
    );
    // A known contradiction: the table says Int32/Boolean, the example has strings.
    let riskyuser = mismatches
        .iter()
        .find(|d| d.file == "api/riskyuser-list.md")
        .expect("riskyUser list example mismatch");
    assert!(
        riskyuser.message.contains("at `value[0].isDeleted`"),
        "{}",
        riskyuser.message
    );
    // POST …/$ref takes a reference, and its example is typed as one; the page's second example
    // (a PATCH with `members@odata.bind`) is not the operation's request.
    let add = op_at(HttpMethod::Post, "/groups/{group-id}/members/$ref");
    assert_eq!(add.request, Some(graphgen::model::RequestBody::Reference));
    let requests: Vec<_> = cases
        .iter()
        .filter(|c| c.operation.name == add.name && !c.is_response())
        .map(|c| (c.example.method.map(HttpMethod::as_str), c.typed.is_ok()))
        .collect();
    assert_eq!(requests, vec![(Some("POST"), true), (Some("PATCH"), false)]);
    // Primitive responses named in prose are typed (`a String collection in the response body`).
    let categories = m
        .operations
        .iter()
        .find(|o| o.source.file == "api/intune-auditing-auditevent-getauditcategories.md")
        .expect("getAuditCategories");
    assert_eq!(
        categories
            .response_body()
            .map(|t| (t.ty.to_string(), t.collection)),
        Some(("Edm.String".to_owned(), true))
    );
}

/// `presence.availability` is a "string collection" in its table but a string in the JSON
/// representation and in both response examples (and in Graph): the examples settle it.
/// Where the examples do not agree (or show nothing), the table stands.
#[test]
fn examples_settle_table_and_json_disagreements() {
    let (_, diags) = v1();
    let presence = ty("microsoft.graph.presence");
    for name in ["availability", "activity"] {
        let p = presence
            .properties
            .iter()
            .find(|p| p.name == name)
            .expect("property");
        assert_eq!(
            (p.ty.as_str(), p.collection),
            ("Edm.String", false),
            "{name}"
        );
    }
    assert!(diags
        .sorted()
        .iter()
        .any(|d| d.file == "resources/presence.md"
            && d.message
                .contains("`availability` of `microsoft.graph.presence` is a single value")));
    // `permissionGrantPolicy.includes`: the JSON representation shows one object, the table a
    // collection, and no response example settles it: the table stands.
    let policy = ty("microsoft.graph.permissionGrantPolicy");
    let includes = policy
        .properties
        .iter()
        .find(|p| p.name == "includes")
        .expect("includes");
    assert!(includes.collection);
}
