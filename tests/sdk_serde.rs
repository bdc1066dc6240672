//! Serde behaviour of the generated SDK (`generated/`, built from the bundled docs): enums keep
//! values they have never seen, structs keep unknown properties and tell `null` from absent,
//! list pages keep their annotations, flags enums keep unknown parts, and timestamps keep text
//! they cannot parse.

mod common;

use graphgen_runtime::{FlagSet, Nullable};
use graphgen_sdk::beta::endpoints::*;
use graphgen_sdk::beta::networkaccess::{
    AnyPolicy, Connection, DeviceCategory, FilteringPolicy, FilteringPolicyAction,
    NetworkingProtocol, Policy, TrafficProtocols,
};
use graphgen_sdk::prelude::*;
use serde_json::{json, Value};

fn roundtrip<T: serde::de::DeserializeOwned + serde::Serialize>(v: &Value) -> Value {
    let t: T = serde_json::from_value(v.clone()).unwrap_or_else(|e| panic!("deserialize {v}: {e}"));
    serde_json::to_value(&t).expect("serialize")
}

#[test]
fn evolvable_and_undocumented_enum_values_survive() {
    for raw in ["remoteNetwork", "satellite", "client", "unknownFutureValue"] {
        let v: DeviceCategory =
            serde_json::from_value(json!(raw)).expect("any string deserializes");
        assert_eq!(serde_json::to_value(&v).expect("serializes"), json!(raw));
        assert_eq!(v.as_str(), raw);
        assert_eq!(v.to_string(), raw);
        assert_eq!(raw.parse::<DeviceCategory>(), Ok(v));
    }
    assert_eq!(
        DeviceCategory::from("remoteNetwork"),
        DeviceCategory::RemoteNetwork
    );
    assert!(DeviceCategory::RemoteNetwork.is_evolvable());
    assert!(!DeviceCategory::Client.is_evolvable());
    assert_eq!(
        DeviceCategory::from("satellite"),
        DeviceCategory::Unrecognized("satellite".to_owned())
    );
    assert_eq!(
        DeviceCategory::KNOWN,
        &["client", "branch", "unknownFutureValue", "remoteNetwork"]
    );
    assert!(FilteringPolicyAction::from("alert").is_evolvable());
    // An enum from the enum page, not inferred: 23 documented members plus the catch-all.
    assert_eq!(NetworkingProtocol::KNOWN.len(), 23);
    assert_eq!(
        NetworkingProtocol::from("ipv6RoutingHeader"),
        NetworkingProtocol::Ipv6RoutingHeader
    );
}

#[test]
fn structs_keep_unknown_properties_and_tell_null_from_absent() {
    let input = json!({
        "id": "c1",
        "sentBytes": 9_007_199_254_740_993_i64,
        "destinationPort": 443,
        "createdDateTime": "2025-04-20T10:15:30Z",
        "deviceCategory": "satellite",
        "endDateTime": null,
        "privateAccessDetails": null,
        "applicationSnapshot": {"appId": "a", "somethingNew": [1, 2]},
        "brandNewProperty": {"nested": true},
        "@odata.type": "#microsoft.graph.networkaccess.connection"
    });
    let c: Connection = serde_json::from_value(input.clone()).expect("deserializes");
    assert_eq!(c.sent_bytes, Nullable::Value(9_007_199_254_740_993));
    assert_eq!(c.destination_port, Nullable::Value(443));
    assert!(c.end_date_time.is_null());
    assert!(c.tenant_id.is_absent());
    assert_eq!(
        c.device_category.value().map(DeviceCategory::as_str),
        Some("satellite")
    );
    assert_eq!(
        c.additional_properties["brandNewProperty"],
        json!({"nested": true})
    );
    assert_eq!(serde_json::to_value(&c).expect("serializes"), input);
}

/// The response of a generated list operation: the page keeps its annotations and unknown
/// top-level properties; in its items, known properties are fields only (not also in
/// `additional_properties`) and an enum-typed property tells `null` from absent.
#[test]
fn list_page_keeps_annotations_and_item_properties() {
    let context = "https://graph.microsoft.com/beta/$metadata#connections";
    let next = "https://graph.microsoft.com/beta/networkAccess/logs/connections?$skiptoken=x";
    let body = json!({
        "@odata.context": context,
        "@odata.nextLink": next,
        "value": [
            {"id": "1", "sentBytes": 10, "deviceCategory": "branch"},
            {"id": "2", "deviceCategory": null}
        ],
        "unknownTopLevel": 7
    });
    let page: <ListConnections as Endpoint>::Response =
        serde_json::from_value(body.clone()).expect("deserializes");
    assert_eq!(page.odata_context.as_deref(), Some(context));
    assert_eq!(page.next_link.as_deref(), Some(next));
    assert_eq!(page.additional_properties["unknownTopLevel"], json!(7));
    let [first, second] = &page.value[..] else {
        panic!("expected two connections, got {:?}", page.value.len());
    };
    assert_eq!(first.sent_bytes, Nullable::Value(10));
    assert_eq!(
        first.device_category,
        Nullable::Value(DeviceCategory::Branch)
    );
    assert!(
        first.additional_properties.is_empty(),
        "known properties are not kept twice: {:?}",
        first.additional_properties
    );
    assert!(second.device_category.is_null());
    assert!(second.sent_bytes.is_absent());
    assert_eq!(serde_json::to_value(&page).expect("serializes"), body);
}

/// Generated enums implement the runtime's `StringEnum`, so code generic over enums reads and
/// writes their wire values, known or not.
#[test]
fn generated_enums_are_string_enums() {
    fn wire<E: graphgen_runtime::StringEnum>(s: &str) -> String {
        E::from_str_value(s).as_str().to_owned()
    }
    for raw in ["client", "remoteNetwork", "satellite"] {
        assert_eq!(wire::<DeviceCategory>(raw), raw);
    }
    assert_eq!(
        <DeviceCategory as graphgen_runtime::StringEnum>::from_str_value("branch"),
        DeviceCategory::Branch
    );
    assert_eq!(wire::<TrafficProtocols>("quic"), "quic");
}

#[test]
fn derived_struct_has_inherited_properties() {
    // `#[non_exhaustive]`: built with `Object::build` (in the prelude), not a struct literal.
    let p = FilteringPolicy::build(|p| {
        p.id = Nullable::Value("p1".to_owned()); // from microsoft.graph.entity
        p.name = Nullable::Value("Block".to_owned()); // from networkaccess.policy
        p.description = Nullable::Null; // explicit null, e.g. to clear it
        p.action = Nullable::Value(FilteringPolicyAction::Block);
        p.protocols = Nullable::Value(FlagSet(vec![
            TrafficProtocols::Tcp,
            TrafficProtocols::from("quic"),
        ]));
    });
    assert_eq!(
        serde_json::to_value(&p).expect("serializes"),
        json!({"id": "p1", "name": "Block", "description": null, "action": "block", "protocols": "tcp,quic"})
    );
    let back: FilteringPolicy =
        serde_json::from_value(json!({"protocols": "udp,icmp,quic"})).expect("deserializes");
    let protocols = back.protocols.value().expect("present");
    assert!(protocols.contains(&TrafficProtocols::Udp));
    assert!(protocols.contains(&TrafficProtocols::Unrecognized("quic".to_owned())));
}

#[test]
fn endpoint_descriptors_carry_method_path_query_and_permissions() {
    let get = GetConnection::new("a/b c").select(["id", "status"]);
    assert_eq!(get.path(), "/networkAccess/logs/connections/a%2Fb%20c");
    assert_eq!(get.query().get("$select"), Some("id,status"));
    // The page names `$select`; a GET of one entity takes `$expand` too.
    assert_eq!(GetConnection::QUERY_OPTIONS, &["$select", "$expand"]);
    assert_eq!(
        GetConnection::PATH_TEMPLATE,
        "/networkAccess/logs/connections/{connection-id}"
    );
    assert_eq!(GetConnection::METHOD, graphgen_runtime::Method::Get);
    assert_eq!(GetConnection::PERMISSIONS.delegated_personal.len(), 0);
    let list = ListConnections::new()
        .top(5)
        .filter("status eq 'open'")
        .count(true)
        .query_param("other", "x y");
    assert_eq!(
        list.query().to_query_string(),
        "$top=5&$filter=status%20eq%20%27open%27&$count=true&other=x%20y"
    );
    // Named by the page first, then the standard set the page does not name.
    assert_eq!(
        ListConnections::QUERY_OPTIONS,
        &["$count", "$filter", "$orderby", "$select", "$skip", "$top", "$expand", "$search"]
    );
    // Function parameters typed by their table (DateTimeOffset), written as OData literals.
    let start = chrono::DateTime::parse_from_rfc3339("2025-04-01T00:00:00Z")
        .expect("timestamp")
        .to_utc();
    let end = start + chrono::Duration::days(1);
    let report = ReportsGetDeviceReport::new(start, end);
    assert_eq!(report.path(), "/networkAccess/reports/getDeviceReport(startDateTime=2025-04-01T00:00:00Z,endDateTime=2025-04-02T00:00:00Z)");
    assert_eq!(
        ReportsGetDeviceReport::PERMISSIONS.delegated_work[0],
        &["Reports.Read.All", "NetworkAccess.Read.All"]
    );
    // The page says it supports no OData query parameters.
    assert!(ReportsGetDeviceReport::QUERY_OPTIONS.is_empty());
    let cast =
        ReportsGetDeviceReport::network_access_reports_microsoft_graph_networkaccess_get_device_report(start, end);
    assert!(cast
        .path()
        .contains("microsoft.graph.networkaccess.getDeviceReport(startDateTime=2025"));
    let update = UpdateFilteringPolicy::new(
        "p1",
        UpdateFilteringPolicyBody::build(|b| {
            b.description = Nullable::Null;
            b.priority = Nullable::Value(3);
        }),
    );
    assert_eq!(
        serde_json::to_value(update.body().expect("has a body")).expect("serializes"),
        json!({"description": null, "priority": 3})
    );
    assert_eq!(UpdateFilteringPolicy::SUCCESS_STATUS, 204);
    assert_eq!(
        DeleteFilteringPolicy::METHOD,
        graphgen_runtime::Method::Delete
    );
    assert_eq!(CreateFilteringPolicy::SUCCESS_STATUS, 201);
}

// Every example of the bundled docs is round-tripped (through the registry, with the
// comparison that recognises canonical re-spellings) by tests/examples.rs.

#[test]
fn base_typed_values_hold_the_derived_type_named_by_odata_type() {
    let body = json!({"value": [
        {"@odata.type": "#microsoft.graph.networkaccess.filteringPolicy", "id": "f", "name": "n", "action": "allow", "priority": 1},
        {"@odata.type": "#microsoft.graph.networkaccess.policy", "id": "p"},
        {"id": "no-type"},
        {"@odata.type": "#microsoft.graph.networkaccess.forwardingPolicy", "id": "unknown-derived", "trafficForwardingType": "m365"}
    ]});
    let page: <ListPolicies as Endpoint>::Response =
        serde_json::from_value(body.clone()).expect("deserializes");
    let v = &page.value;
    match &v[0] {
        AnyPolicy::FilteringPolicy(f) => {
            assert_eq!(f.action, Nullable::Value(FilteringPolicyAction::Allow));
            assert_eq!(f.priority, Nullable::Value(1));
            assert_eq!(f.name.value().map(String::as_str), Some("n"));
        }
        other => panic!("expected a filtering policy, got {other:?}"),
    }
    assert!(matches!(&v[1], AnyPolicy::Policy(p) if p.id.value().map(String::as_str) == Some("p")));
    assert!(
        matches!(&v[2], AnyPolicy::Policy(_)),
        "no @odata.type: the base"
    );
    match &v[3] {
        AnyPolicy::Policy(p) => assert_eq!(
            p.additional_properties["trafficForwardingType"], "m365",
            "unknown derived data is kept"
        ),
        other => panic!("expected the base fallback, got {other:?}"),
    }
    assert_eq!(
        v[0].type_name(),
        "microsoft.graph.networkaccess.filteringPolicy"
    );
    assert_eq!(serde_json::to_value(&page).expect("serializes"), body);
    let any: AnyPolicy = Policy::default().into();
    assert_eq!(any, AnyPolicy::default());
}

#[test]
fn timestamps_parse_or_keep_their_text() {
    use chrono::Timelike;
    use graphgen_runtime::Lenient;
    let body = json!({
        "createdDateTime": "2025-04-20T10:15:30.8529212Z",
        "endDateTime": "2025-04-20T10:17:02",
        "lastUpdateDateTime": "datetime-value"
    });
    let c: Connection = serde_json::from_value(body.clone()).expect("reads");
    let created = c.created_date_time.value().and_then(Lenient::value);
    assert_eq!(created.map(|t| t.nanosecond()), Some(852_921_200));
    // No offset: not an RFC 3339 timestamp, so kept as written rather than guessed.
    assert_eq!(
        c.end_date_time.value().and_then(Lenient::unparsed),
        Some("2025-04-20T10:17:02")
    );
    assert_eq!(
        c.last_update_date_time.value().and_then(Lenient::unparsed),
        Some("datetime-value")
    );
    // Parsed values are written in chrono's canonical form, the rest verbatim.
    let back = roundtrip::<Connection>(&body);
    assert_eq!(
        back,
        json!({
            "createdDateTime": "2025-04-20T10:15:30.852921200Z",
            "endDateTime": "2025-04-20T10:17:02",
            "lastUpdateDateTime": "datetime-value"
        })
    );
    // A value that is not text at all is still an error.
    assert!(serde_json::from_value::<Connection>(json!({"createdDateTime": 5})).is_err());
}
