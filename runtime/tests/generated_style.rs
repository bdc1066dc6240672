//! Uses the runtime the way generated code does: from another crate, naming
//! serde only through derives and the runtime only through its public paths.

#![deny(warnings)]

use serde::{Deserialize, Serialize};
use serde_json::json;

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum DeviceCategory {
    Client,
    Branch,
    UnknownFutureValue,
    RemoteNetwork,
    Unrecognized(String),
}

impl DeviceCategory {
    pub fn as_str(&self) -> &str {
        match self {
            Self::Client => "client",
            Self::Branch => "branch",
            Self::UnknownFutureValue => "unknownFutureValue",
            Self::RemoteNetwork => "remoteNetwork",
            Self::Unrecognized(v) => v,
        }
    }
}

impl From<&str> for DeviceCategory {
    fn from(v: &str) -> Self {
        match v {
            "client" => Self::Client,
            "branch" => Self::Branch,
            "unknownFutureValue" => Self::UnknownFutureValue,
            "remoteNetwork" => Self::RemoteNetwork,
            other => Self::Unrecognized(other.to_owned()),
        }
    }
}

graphgen_runtime::string_enum!(DeviceCategory);

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Connection {
    #[serde(
        rename = "id",
        default,
        skip_serializing_if = "graphgen_runtime::Nullable::is_absent"
    )]
    pub id: graphgen_runtime::Nullable<String>,
    #[serde(
        rename = "sentBytes",
        default,
        skip_serializing_if = "graphgen_runtime::Nullable::is_absent"
    )]
    pub sent_bytes: graphgen_runtime::Nullable<i64>,
    #[serde(
        rename = "deviceCategory",
        default,
        skip_serializing_if = "graphgen_runtime::Nullable::is_absent"
    )]
    pub device_category: graphgen_runtime::Nullable<DeviceCategory>,
    #[serde(
        rename = "categories",
        default,
        skip_serializing_if = "graphgen_runtime::Nullable::is_absent"
    )]
    pub categories: graphgen_runtime::Nullable<graphgen_runtime::FlagSet<DeviceCategory>>,
    #[serde(flatten)]
    pub additional_properties: serde_json::Map<String, serde_json::Value>,
}

#[test]
fn collection_of_generated_entities_round_trips() {
    let input = json!({
        "@odata.context": "https://graph.microsoft.com/beta/$metadata#connections",
        "@odata.nextLink": "https://graph.microsoft.com/beta/networkAccess/logs/connections?$skiptoken=x",
        "value": [
            {"id": "1", "sentBytes": 10, "deviceCategory": "branch", "categories": "client,branch"},
            {"id": "2", "sentBytes": null, "deviceCategory": "satellite", "newProp": [true]},
            {"id": "3", "deviceCategory": null, "categories": "orbit"}
        ],
        "unknownTopLevel": 7
    });
    let page: graphgen_runtime::Collection<Connection> =
        serde_json::from_value(input.clone()).unwrap();
    assert_eq!(page.value.len(), 3);

    let first = &page.value[0];
    assert_eq!(first.sent_bytes, graphgen_runtime::Nullable::Value(10));
    assert_eq!(first.device_category.value(), Some(&DeviceCategory::Branch));
    assert!(first
        .categories
        .value()
        .unwrap()
        .contains(&DeviceCategory::Client));
    assert!(first.additional_properties.is_empty());

    let second = &page.value[1];
    assert!(second.sent_bytes.is_null());
    assert!(second.categories.is_absent());
    assert_eq!(
        second
            .device_category
            .value()
            .map(DeviceCategory::to_string),
        Some("satellite".to_owned())
    );
    assert_eq!(second.additional_properties["newProp"], json!([true]));

    let third = &page.value[2];
    assert!(third.sent_bytes.is_absent());
    assert!(third.device_category.is_null());
    assert_eq!(
        third.categories.value().unwrap().0,
        vec![DeviceCategory::Unrecognized("orbit".to_owned())]
    );

    assert_eq!(page.additional_properties["unknownTopLevel"], json!(7));
    assert_eq!(serde_json::to_value(&page).unwrap(), input);
}

#[test]
fn patch_body_serializes_only_what_was_set() {
    let patch = Connection {
        sent_bytes: graphgen_runtime::Nullable::Null,
        device_category: DeviceCategory::from("remoteNetwork").into(),
        ..Connection::default()
    };
    assert_eq!(
        serde_json::to_value(&patch).unwrap(),
        json!({"sentBytes": null, "deviceCategory": "remoteNetwork"})
    );
}

#[test]
fn string_enum_trait_is_usable_generically() {
    fn wire<E: graphgen_runtime::StringEnum>(s: &str) -> String {
        E::from_str_value(s).as_str().to_owned()
    }
    assert_eq!(wire::<DeviceCategory>("client"), "client");
    assert_eq!(wire::<DeviceCategory>("satellite"), "satellite");
    let parsed: Result<DeviceCategory, std::convert::Infallible> = "branch".parse();
    assert_eq!(parsed, Ok(DeviceCategory::Branch));
}
