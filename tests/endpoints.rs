//! Endpoints a Graph developer can call, on the real v1.0 docs (`../shared/graph-docs/v1.0`):
//! query options by what the pages say, parameter tables as typed parameters, function arguments
//! never copied from examples, names that say what they address, request blocks read as
//! requests, bytes for downloads and uploads; and, against a server on 127.0.0.1, the requests
//! the generated SDK builds hit exactly the URLs Graph documents.

mod common;

use graphgen::diag::Diagnostics;
use graphgen::model::{HttpMethod, Model, Operation, PathParameterKind, TypeRef};
use std::collections::BTreeMap;
use std::sync::OnceLock;

fn v1() -> &'static (Model, Diagnostics) {
    static MODEL: OnceLock<(Model, Diagnostics)> = OnceLock::new();
    MODEL.get_or_init(|| common::model(&common::shared().join("graph-docs/v1.0")))
}

fn op_from(page: &str) -> &'static Operation {
    v1().0
        .operations
        .iter()
        .find(|o| o.source.file == page)
        .unwrap_or_else(|| panic!("no operation from {page}"))
}

fn templates(op: &Operation) -> Vec<(&str, &str)> {
    op.templates
        .iter()
        .map(|t| (t.template.as_str(), t.name.as_str()))
        .collect()
}

#[test]
fn collection_gets_take_filter_top_and_select() {
    let m = &v1().0;
    let gets: Vec<&Operation> = m
        .operations
        .iter()
        .filter(|o| {
            o.method == HttpMethod::Get && o.response.as_ref().is_some_and(|r| r.collection)
        })
        .collect();
    let (with, without): (Vec<&Operation>, Vec<&Operation>) = gets.iter().partition(|o| {
        ["$filter", "$top", "$select"]
            .iter()
            .all(|q| o.query.iter().any(|x| x == q))
    });
    let share = 100.0 * with.len() as f64 / gets.len() as f64;
    let listed: Vec<String> = without
        .iter()
        .map(|o| {
            format!(
                "{} {:?} ({})",
                o.source,
                o.query,
                o.response
                    .as_ref()
                    .and_then(|r| r.ty.as_ref())
                    .map(ToString::to_string)
                    .unwrap_or_default()
            )
        })
        .collect();
    println!(
        "{}/{} = {share:.1}%; without:\n{}",
        with.len(),
        gets.len(),
        listed.join("\n")
    );
    assert!(share >= 95.0, "{share:.1}%");
    // The rest: pages that say the method supports no OData query parameters (or not `$filter`),
    // and functions returning a collection of strings, which OData options do not apply to.
    for o in &without {
        let page = std::fs::read_to_string(
            common::shared()
                .join("graph-docs/v1.0")
                .join(&o.source.file),
        )
        .expect("page");
        let says_not = page.contains("not** support")
            || page.contains("not support")
            || page.contains("isn't supported")
            || page.contains("Not supported.");
        let strings = o
            .response
            .as_ref()
            .and_then(|r| r.ty.as_ref().map(TypeRef::as_str))
            == Some("Edm.String");
        assert!(says_not || strings, "{}", o.source);
    }
    // "including …" is not a complete list; a list named exactly keeps its order first.
    let messages = op_from("api/user-list-messages.md");
    assert_eq!(
        messages.query,
        ["$select", "$filter", "$top", "$skip", "$orderby", "$expand", "$count", "$search"]
    );
    let sign_ins = op_from("api/signin-list.md");
    assert_eq!(&sign_ins.query[..3], ["$top", "$skiptoken", "$filter"]);
    // One entity: `$select` and `$expand`.
    let get_user = op_from("api/user-get.md");
    assert!(
        get_user.query.iter().any(|q| q == "$select")
            && get_user.query.iter().any(|q| q == "$expand")
    );
    assert!(!get_user.query.iter().any(|q| q == "$top"));
}

#[test]
fn parameter_tables_become_typed_parameters() {
    // Calendar views require their start and end (the "Query parameters" table, and the request
    // lines' query strings): every operation on a `calendarView` path.
    let views: Vec<&Operation> = v1()
        .0
        .operations
        .iter()
        .filter(|o| {
            o.method == HttpMethod::Get && o.paths.iter().any(|p| p.ends_with("/calendarView"))
        })
        .collect();
    assert!(views.len() >= 2, "{}", views.len());
    for o in views {
        let required: Vec<(&str, bool)> = o
            .query_parameters
            .iter()
            .map(|q| (q.name.as_str(), q.required))
            .collect();
        assert_eq!(
            required,
            [("startDateTime", true), ("endDateTime", true)],
            "{}",
            o.source
        );
        assert!(o.paths.iter().all(|p| !p.contains('?')), "{:?}", o.paths);
    }
    // getActivitiesByInterval takes start, end and interval, from its function parameter table.
    let o = op_from("api/itemactivitystat-getactivitybyinterval.md");
    let params: Vec<(&str, &str, bool)> = o
        .function_parameters
        .iter()
        .map(|p| (p.name.as_str(), p.ty.as_str(), p.required))
        .collect();
    assert_eq!(
        params,
        [
            ("startDateTime", "Edm.String", true),
            ("endDateTime", "Edm.String", true),
            ("interval", "Edm.String", true)
        ]
    );
    assert_eq!(
        o.templates[0].template,
        "/drives/{drive-id}/items/{item-id}/getActivitiesByInterval(startDateTime={startDateTime},endDateTime={endDateTime},interval={interval})"
    );
    // Arguments without a table are typed from the path, and said so.
    let range = op_from("api/range-get.md");
    let arg = range.templates[0]
        .parameters
        .iter()
        .find(|p| p.kind == PathParameterKind::Function)
        .expect("address");
    assert_eq!(
        (arg.name.as_str(), arg.ty.as_str()),
        ("address", "Edm.String")
    );
    assert!(v1().1.sorted().iter().any(|d| d.file == "api/range-get.md"
        && d.message
            .contains("no parameter table describes the function arguments `address`")));
}

/// The string literals of every `rt::Request::template("…")` call and `PATH_TEMPLATE` constant
/// of the generated crate.
fn generated_templates(files: &BTreeMap<String, String>) -> Vec<String> {
    let mut out = Vec::new();
    for text in files.values() {
        for marker in ["template(\"", "PATH_TEMPLATE: &'static str = \""] {
            for (i, _) in text.match_indices(marker) {
                let rest = &text[i + marker.len()..];
                if let Some(end) = rest.find('"') {
                    out.push(rest[..end].to_owned());
                }
            }
        }
    }
    out
}

fn emit_v1() -> &'static BTreeMap<String, String> {
    static FILES: OnceLock<BTreeMap<String, String>> = OnceLock::new();
    FILES.get_or_init(|| {
        let opts = graphgen::emit::EmitOptions {
            crate_name: "graphgen-sdk".to_owned(),
            command: "test".to_owned(),
            runtime: graphgen::emit::RuntimeDep::Path(
                common::root()
                    .join("runtime")
                    .to_string_lossy()
                    .into_owned(),
            ),
            workspace_member: false,
            rustfmt: false,
        };
        graphgen::emit::emit_crate(std::slice::from_ref(&v1().0), &opts)
            .expect("emits")
            .files
    })
}

#[test]
fn no_path_template_carries_an_example_value() {
    let all = generated_templates(emit_v1());
    assert!(all.len() > 3000, "{} templates", all.len());
    let mut bad = Vec::new();
    for t in &all {
        // Inside an argument list every value is a placeholder: `name={name}` or `{key}`.
        let mut rest = t.as_str();
        while let Some(open) = rest.find('(') {
            let close = rest[open..].find(')').map_or(rest.len(), |c| open + c);
            for arg in rest[open + 1..close].split(',').filter(|a| !a.is_empty()) {
                let value = arg.split_once('=').map_or(arg, |(_, v)| v);
                let placeholder = value.starts_with('{')
                    && value.ends_with('}')
                    && !value[1..].contains(['{', '\'']);
                if !placeholder {
                    bad.push(t.clone());
                }
            }
            rest = &rest[close.min(rest.len())..];
            if rest.len() <= 1 {
                break;
            }
            rest = &rest[1..];
        }
        // No quotes, no example words (`'<address>'`, `'2017-01-01'`) anywhere.
        if t.contains('\'') || t.contains('<') || t.contains(' ') {
            bad.push(t.clone());
        }
    }
    bad.dedup();
    assert!(
        bad.is_empty(),
        "templates with example values:\n{}",
        bad.join("\n")
    );
}

#[test]
fn request_blocks_hold_only_requests() {
    let (m, d) = v1();
    let ds = d.sorted();
    let close = op_from("api/workbook-closesession.md");
    assert!(
        close.paths.iter().all(|p| !p.contains("session-id")),
        "{:?}",
        close.paths
    );
    assert!(ds.iter().any(|x| x.file == "api/workbook-closesession.md"
        && x.message.contains("`workbook-session-id: {session-id}`")
        && x.message.contains("is a header, not a request")));
    let teams = op_from("api/user-list-joinedteams.md");
    assert_eq!(
        teams.paths,
        [
            "/me/joinedTeams",
            "/users/{id|user-principal-name}/joinedTeams"
        ]
    );
    assert!(ds
        .iter()
        .any(|x| x.file == "api/user-list-joinedteams.md" && x.message.contains("line `or`")));
    let resized = op_from("api/workbookrange-resizedrange.md");
    assert!(resized.templates[0]
        .template
        .ends_with("resizedRange(deltaRows={deltaRows},deltaColumns={deltaColumns})"));
    // Nothing that is not a path anywhere.
    for o in &m.operations {
        for p in &o.paths {
            assert!(
                p.starts_with('/') && !p.contains(['*', ' ']) && p != "/or",
                "{p} ({})",
                o.source
            );
        }
    }
}

#[test]
fn names_say_what_they_address() {
    let messages = op_from("api/user-list-messages.md");
    assert_eq!(
        &templates(messages)[..4],
        [
            ("/me/messages", "me"),
            ("/users/{user-id}/messages", "user"),
            ("/me/mailFolders/{mailFolder-id}/messages", "meMailFolder"),
            (
                "/users/{user-id}/mailFolders/{mailFolder-id}/messages",
                "userMailFolder"
            ),
        ]
    );
    // The generated constructors and their rustdoc.
    let text = emit_v1()
        .values()
        .find(|t| t.contains("\"userListMessages\""))
        .expect("file");
    for ctor in [
        "pub fn me(",
        "pub fn user(user_id: &str)",
        "pub fn me_mail_folder(mail_folder_id: &str)",
        "pub fn user_mail_folder(user_id: &str, mail_folder_id: &str)",
    ] {
        assert!(text.contains(ctor), "{ctor}");
    }
    assert!(text.contains(
        "`GET /users/{user-id}/mailFolders/{mailFolder-id}/messages`: [`user_mail_folder`](Self::user_mail_folder)"
    ));
    // Names come from the path alone: adding a path changes no other name.
    let calendar = op_from("api/calendar-list-calendarview.md");
    let names: Vec<&str> = calendar.templates.iter().map(|t| t.name.as_str()).collect();
    let mut unique = names.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), names.len(), "{names:?}");
}

#[test]
fn downloads_and_uploads_are_bytes() {
    let get = op_from("api/driveitem-get-content.md");
    assert_eq!(
        get.response
            .as_ref()
            .and_then(|r| r.ty.as_ref().map(TypeRef::as_str)),
        Some("Edm.Stream")
    );
    let put = op_from("api/driveitem-put-content.md");
    assert!(matches!(
        &put.request,
        Some(graphgen::model::RequestBody::Type { ty, .. }) if ty.as_str() == "Edm.Stream"
    ));
    let text = emit_v1()
        .values()
        .find(|t| t.contains("\"downloadTheContentsOfADriveItem\""))
        .expect("file");
    assert!(text.contains("type Response = rt::Binary;"));
}

/// The descriptor struct of each operation, from the generated files.
fn descriptors(files: &BTreeMap<String, String>) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for text in files.values() {
        let mut current = None;
        for line in text.lines() {
            let l = line.trim();
            if let Some(rest) = l.strip_prefix("impl rt::Endpoint for ") {
                current = rest.split_whitespace().next().map(str::to_owned);
            }
            if let (Some(c), Some(rest)) = (
                &current,
                l.strip_prefix("const OPERATION: &'static str = \""),
            ) {
                out.insert(rest.trim_end_matches("\";").to_owned(), c.clone());
            }
        }
    }
    out
}

/// The generated SDK of the whole v1.0 docs, compiled, sends requests to a local server; the
/// server sees exactly the URLs Graph documents. (The crate is written to a fixed folder under
/// `target/`, so a second run compiles only what changed.)
#[test]
fn the_sdk_hits_the_documented_urls() {
    let names = descriptors(emit_v1());
    let d = |op: &str| {
        names
            .get(op)
            .unwrap_or_else(|| panic!("no descriptor for {op}"))
            .clone()
    };
    let (messages, calendar, activities, search, download, copy) = (
        d(&op_from("api/user-list-messages.md").name),
        d(&op_from("api/calendar-list-calendarview.md").name),
        d(&op_from("api/itemactivitystat-getactivitybyinterval.md").name),
        d(&op_from("api/driveitem-search.md").name),
        d(&op_from("api/driveitem-get-content.md").name),
        d(&op_from("api/driveitem-copy.md").name),
    );
    let (list_users, create_user, update_user, upload) = (
        d(&op_from("api/user-list.md").name),
        d(&op_from("api/user-post-users.md").name),
        d(&op_from("api/user-update.md").name),
        d(&op_from("api/driveitem-put-content.md").name),
    );
    let dir = common::root().join("target/generated-v1-sdk");
    let opts = graphgen::GenerateOptions {
        input: common::shared().join("graph-docs/v1.0"),
        out: Some(dir.clone()),
        ir: None,
        check: false,
        emit: graphgen::emit::EmitOptions {
            crate_name: "graphgen-sdk".to_owned(),
            command: "tests/endpoints.rs".to_owned(),
            runtime: graphgen::emit::RuntimeDep::Path(
                common::root()
                    .join("runtime")
                    .to_string_lossy()
                    .into_owned(),
            ),
            workspace_member: false,
            rustfmt: false,
        },
    };
    graphgen::generate(&opts).expect("generates");
    let test = format!(
        r#"
use graphgen_sdk::prelude::*;
use graphgen_sdk::runtime::client::StaticToken;
use graphgen_sdk::runtime::{{Binary, Client, Nullable}};
use graphgen_sdk::v1::endpoints::*;
use wiremock::matchers::{{method, path, query_param}};
use wiremock::{{Mock, MockServer, ResponseTemplate}};

#[tokio::test]
async fn urls() {{
    let server = MockServer::start().await;
    let bytes: Vec<u8> = (0u8..=255).chain(b"%PDF-1.7\r\n".iter().copied()).collect();
    Mock::given(method("GET"))
        .and(path("/v1.0/drives/d1/items/i1/content"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(bytes.clone(), "application/pdf"))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1.0/drives/d1/items/i1/copy"))
        .respond_with(ResponseTemplate::new(202).insert_header("Location", "https://graph.example/monitor/42"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1.0/users"))
        .and(query_param("$skiptoken", "page2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({{"value": [{{"id": "2", "displayName": "Alan"}}]}})))
        .with_priority(1)
        .mount(&server)
        .await;
    let next = format!("{{}}/v1.0/users?$skiptoken=page2", server.uri());
    Mock::given(method("GET"))
        .and(path("/v1.0/users"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({{"@odata.nextLink": next, "value": [{{"id": "1", "displayName": "Ada"}}]}})))
        .with_priority(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({{"value": []}})))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1.0/users"))
        .respond_with(ResponseTemplate::new(201).set_body_json(serde_json::json!({{"id": "1", "displayName": "Ada"}})))
        .mount(&server)
        .await;
    Mock::given(method("PATCH"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(201).set_body_json(serde_json::json!({{"id": "i1"}})))
        .mount(&server)
        .await;
    let base = format!("{{}}/v1.0", server.uri());
    let client = Client::builder(StaticToken::new("t")).base_url(&base).build().unwrap();

    let m = {messages}::me().filter("importance eq 'high'").top(10);
    client.send(&m).await.unwrap();
    let c = {calendar}::new("2024-07-01T00:00:00Z", "2024-07-08T00:00:00Z");
    client.send(&c).await.unwrap();
    let a = {activities}::new("d1", "i1", "2017-01-01", "2017-01-10", "week");
    client.send(&a).await.unwrap();
    let s = {search}::drive_root("d1", "O'Neil report").top(5);
    client.send(&s).await.unwrap();
    let got: Binary = client.send(&{download}::new("d1", "i1")).await.unwrap();
    assert_eq!(got.data, bytes);
    assert_eq!(got.content_type.as_deref(), Some("application/pdf"));
    let body = serde_json::from_value(serde_json::json!({{"name": "copy.docx"}})).unwrap();
    let copied = client.send_full(&{copy}::new("d1", "i1", body)).await.unwrap();
    assert_eq!(copied.status(), 202);
    assert_eq!(copied.location(), Some("https://graph.example/monitor/42"));

    // A user's program: create, patch with `null`, upload, page through a filtered list.
    let mut ada = graphgen_sdk::v1::models::User::default();
    ada.display_name = Nullable::Value("Ada".to_owned());
    ada.account_enabled = Nullable::Value(true);
    client.send(&{create_user}::new(ada)).await.unwrap();
    let patch = serde_json::from_value(serde_json::json!({{"officeLocation": null, "jobTitle": "Engineer"}})).unwrap();
    client.send(&{update_user}::new("ada@contoso.com", patch)).await.unwrap();
    let file = Binary::new("text/plain", b"hello".to_vec());
    client.send(&{upload}::new("d1", "i1", file)).await.unwrap();
    let list = {list_users}::new()
        .filter("startswith(displayName,'A')")
        .select(["id", "displayName"])
        .top(1)
        .count(true)
        .consistency_level_eventual();
    let users: Vec<_> = futures_util::StreamExt::collect::<Vec<_>>(client.items(&list)).await;
    let names: Vec<String> = users
        .into_iter()
        .map(|u| u.unwrap().display_name.value().cloned().unwrap_or_default())
        .collect();
    assert_eq!(names, ["Ada", "Alan"]);

    let bodies: Vec<(String, Vec<u8>, Option<String>)> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| (
            format!("{{}} {{}}", r.method, &r.url[url::Position::BeforePath..]),
            r.body.clone(),
            r.headers.get("consistencylevel").map(|v| v.to_str().unwrap().to_owned()),
        ))
        .collect();
    assert_eq!(bodies[6].0, "POST /v1.0/users");
    assert_eq!(serde_json::from_slice::<serde_json::Value>(&bodies[6].1).unwrap(), serde_json::json!({{"displayName": "Ada", "accountEnabled": true}}));
    assert_eq!(bodies[7].0, "PATCH /v1.0/users/ada%40contoso.com");
    assert_eq!(serde_json::from_slice::<serde_json::Value>(&bodies[7].1).unwrap(), serde_json::json!({{"officeLocation": null, "jobTitle": "Engineer"}}));
    assert_eq!(bodies[8].0, "PUT /v1.0/drives/d1/items/i1/content");
    assert_eq!(bodies[8].1, b"hello");
    assert_eq!(bodies[9].0, "GET /v1.0/users?$filter=startswith(displayName,%27A%27)&$select=id,displayName&$top=1&$count=true");
    assert_eq!(bodies[9].2.as_deref(), Some("eventual"));
    assert_eq!(bodies[10].0, "GET /v1.0/users?$skiptoken=page2");
    assert_eq!(bodies[10].2.as_deref(), Some("eventual"), "the next page carries the first page's headers");

    let seen: Vec<String> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| format!("{{}} {{}}", r.method, &r.url[url::Position::BeforePath..]))
        .collect();
    assert_eq!(
        seen,
        [
            "GET /v1.0/me/messages?$filter=importance%20eq%20%27high%27&$top=10",
            "GET /v1.0/me/calendar/calendarView?startDateTime=2024-07-01T00:00:00Z&endDateTime=2024-07-08T00:00:00Z",
            "GET /v1.0/drives/d1/items/i1/getActivitiesByInterval(startDateTime='2017-01-01',endDateTime='2017-01-10',interval='week')",
            "GET /v1.0/drives/d1/root/search(q='O''Neil%20report')?$top=5",
            "GET /v1.0/drives/d1/items/i1/content",
            "POST /v1.0/drives/d1/items/i1/copy",
            "POST /v1.0/users",
            "PATCH /v1.0/users/ada%40contoso.com",
            "PUT /v1.0/drives/d1/items/i1/content",
            "GET /v1.0/users?$filter=startswith(displayName,%27A%27)&$select=id,displayName&$top=1&$count=true",
            "GET /v1.0/users?$skiptoken=page2",
        ]
    );
}}
"#
    );
    common::cargo_test_generated_with(
        &dir,
        &test,
        "serde_json = \"1\"\ntokio = { version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }\nwiremock = \"0.6\"\nurl = \"2\"\nfutures-util = \"0.3\"\n",
    );
}
