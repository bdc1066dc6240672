//! Acceptance on seed 000 alone (`../shared/seeds/000_…txt` under its upstream path): the
//! model, the warnings for the absent linked pages, and a crate that compiles and keeps
//! evolvable, undocumented and unknown values.

mod common;

use serde_json::Value;

const SEED: &str = "seeds/000_e1d100ad4f3f79ef.txt";
const PAGE: &str = "api-reference/beta/resources/networkaccess-connection.md";

fn seed_folder() -> tempfile::TempDir {
    common::temp_docs(&[(&common::shared().join(SEED), PAGE)])
}

#[test]
fn seed_000_model_and_diagnostics() {
    let dir = seed_folder();
    let out = dir.path().join("out");
    let ir = dir.path().join("ir.json");
    let run = common::graphgen(&[
        "generate",
        dir.path().to_str().expect("utf-8"),
        "--out",
        out.to_str().expect("utf-8"),
        "--ir",
        ir.to_str().expect("utf-8"),
    ]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "graphgen failed: {stderr}");
    // Warnings, not failure, for each linked page that is absent.
    for absent in [
        "microsoft.graph.entity",
        "applicationSnapshot",
        "privateAccessDetails",
        "networkingProtocol",
    ] {
        assert!(
            stderr.lines().any(|l| l.contains("warning[unknown-type]")
                && l.contains(absent)
                && l.starts_with(PAGE)),
            "no warning for {absent}:\n{stderr}"
        );
    }
    assert!(!stderr.contains("error["), "{stderr}");

    let model: Value = serde_json::from_str(&std::fs::read_to_string(&ir).expect("ir written"))
        .expect("ir is JSON");
    assert_eq!(model["version"], "beta");
    let conn = model["types"]
        .as_array()
        .expect("types")
        .iter()
        .find(|t| t["name"] == "connection")
        .expect("connection");
    assert_eq!(conn["namespace"], "microsoft.graph.networkaccess");
    assert_eq!(conn["kind"], "entity");
    assert_eq!(conn["base"], "microsoft.graph.entity");
    assert_eq!(conn["source"], format!("{PAGE}:11"));
    let props = conn["properties"].as_array().expect("properties");
    assert_eq!(props.len(), 29);
    let ty = |n: &str| {
        let p = props
            .iter()
            .find(|p| p["name"] == n)
            .unwrap_or_else(|| panic!("{n}"));
        assert_eq!(p["collection"], false, "{n}");
        p["type"].as_str().expect("type").to_owned()
    };
    let ns = "microsoft.graph.networkaccess";
    let expected = [
        ("agentVersion", "Edm.String".to_owned()),
        ("applicationSnapshot", format!("{ns}.applicationSnapshot")),
        ("createdDateTime", "Edm.DateTimeOffset".to_owned()),
        ("destinationPort", "Edm.Int32".to_owned()),
        ("deviceCategory", format!("{ns}.deviceCategory")),
        ("endDateTime", "Edm.DateTimeOffset".to_owned()),
        ("id", "Edm.String".to_owned()),
        ("networkProtocol", format!("{ns}.networkingProtocol")),
        ("privateAccessDetails", format!("{ns}.privateAccessDetails")),
        ("receivedBytes", "Edm.Int64".to_owned()),
        ("sentBytes", "Edm.Int64".to_owned()),
        ("sourcePort", "Edm.Int32".to_owned()),
        ("status", format!("{ns}.connectionStatus")),
        ("trafficType", format!("{ns}.trafficType")),
        ("transactionCount", "Edm.Int32".to_owned()),
        ("transportProtocol", format!("{ns}.networkingProtocol")),
        ("userPrincipalName", "Edm.String".to_owned()),
    ];
    for (name, t) in expected {
        assert_eq!(ty(name), t, "{name}");
    }
    let enums = model["enums"].as_array().expect("enums");
    let members = |n: &str| -> Vec<(String, bool)> {
        let e = enums
            .iter()
            .find(|e| e["name"] == n)
            .unwrap_or_else(|| panic!("enum {n}"));
        assert_eq!(e["namespace"], ns);
        e["members"]
            .as_array()
            .expect("members")
            .iter()
            .map(|m| {
                (
                    m["name"].as_str().expect("name").to_owned(),
                    m["evolvable"] == true,
                )
            })
            .collect()
    };
    let evolvable = |n: &str| {
        members(n)
            .into_iter()
            .filter(|m| m.1)
            .map(|m| m.0)
            .collect::<Vec<_>>()
    };
    assert_eq!(members("connectionStatus").len(), 4);
    assert_eq!(evolvable("connectionStatus"), Vec::<String>::new());
    assert_eq!(members("deviceCategory").len(), 4);
    assert_eq!(evolvable("deviceCategory"), vec!["remoteNetwork"]);
    assert_eq!(members("trafficType").len(), 6);
    assert_eq!(evolvable("trafficType"), vec!["microsoft"]);
    // Linked, undefined, and no values in the description: an open enum.
    assert!(members("networkingProtocol").is_empty());
}

/// The crate written from the seed alone builds, without warnings, and behaves.
#[test]
fn seed_000_crate_compiles_and_round_trips() {
    let dir = seed_folder();
    let out = dir.path().join("crate");
    let run = common::graphgen(&[
        "generate",
        dir.path().to_str().expect("utf-8"),
        "--out",
        out.to_str().expect("utf-8"),
    ]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    common::cargo_test_generated(
        &out,
        r#"
use graphgen_sdk::beta::networkaccess::{Connection, DeviceCategory};
use serde_json::json;

#[test]
fn device_category_keeps_evolvable_and_undocumented_values() {
    for raw in ["remoteNetwork", "satellite"] {
        let v: DeviceCategory = serde_json::from_value(json!(raw)).unwrap();
        assert_eq!(serde_json::to_value(&v).unwrap(), json!(raw));
    }
    assert_eq!(DeviceCategory::from("remoteNetwork"), DeviceCategory::RemoteNetwork);
    assert!(DeviceCategory::RemoteNetwork.is_evolvable());
    assert_eq!(DeviceCategory::from("satellite"), DeviceCategory::Unrecognized("satellite".into()));
}

#[test]
fn unknown_properties_survive() {
    let v = json!({"id": "1", "sentBytes": 10, "applicationSnapshot": {"appId": "x"}, "notInAnyPage": [1, {"a": null}], "endDateTime": null});
    let c: Connection = serde_json::from_value(v.clone()).unwrap();
    assert!(c.end_date_time.is_null());
    assert_eq!(serde_json::to_value(&c).unwrap(), v);
}
"#,
    );
}
