//! List the sign-ins of a week, filtered and a page of 50 at a time, following every
//! `@odata.nextLink`, with typed fields.
//!
//! ```sh
//! GRAPH_TOKEN=eyJ0... cargo run -p graphgen --example list_sign_ins
//! GRAPH_TOKEN=test cargo run -p graphgen --example list_sign_ins -- http://127.0.0.1:8080/v1.0
//! ```
//!
//! The first argument, if any, is the base URL (a national cloud, or a local test server).

use futures_util::StreamExt;
use graphgen_runtime::client::clouds::{self, ApiVersion};
use graphgen_runtime::client::StaticToken;
use graphgen_runtime::{Client, Lenient};
use graphgen_sdk::prelude::*;
use graphgen_sdk::v1::endpoints::ListSignIns;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let token = std::env::var("GRAPH_TOKEN").map_err(|_| "set GRAPH_TOKEN to a bearer token")?;
    let base_url = std::env::args()
        .nth(1)
        .unwrap_or_else(|| clouds::base_url(clouds::GLOBAL, ApiVersion::V1));
    let client = Client::builder(StaticToken::new(token))
        .base_url(base_url)
        .build()?;

    // The query options the operation takes have setters (the page names `$filter`, `$top` and
    // `$skiptoken`; the standard ones of a collection GET come with them).
    let request = ListSignIns::new()
        .filter(
            "createdDateTime ge 2024-07-01T00:00:00Z and createdDateTime le 2024-07-07T23:59:59Z",
        )
        .top(50);
    let mut sign_ins = std::pin::pin!(client.items(&request));
    let mut n = 0;
    while let Some(sign_in) = sign_ins.next().await {
        let sign_in = sign_in?;
        n += 1;
        let when = sign_in
            .created_date_time
            .value()
            // A timestamp Graph spells oddly is kept as text (`Lenient::Unparsed`).
            .map(|t| match t {
                Lenient::Value(t) => t.to_rfc3339(),
                Lenient::Unparsed(text) => text.clone(),
            })
            .unwrap_or_default();
        let user = sign_in
            .user_principal_name
            .value()
            .cloned()
            .unwrap_or_default();
        let app = sign_in
            .app_display_name
            .value()
            .cloned()
            .unwrap_or_default();
        let city = sign_in
            .location
            .value()
            .and_then(|l| l.city.value().cloned())
            .unwrap_or_default();
        println!("{when}  {user}  {app}  {city}");
    }
    println!("{n} sign-ins");
    Ok(())
}
