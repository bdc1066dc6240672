//! Tokens the way Azure users get them (feature `azure`): [`AzureCredential`] makes any
//! credential of the Azure SDK for Rust (`azure_identity`: client secret, certificate, managed
//! identity, workload identity, Azure CLI, developer tools, …) the client's [`TokenProvider`],
//! asking for the Microsoft Graph scope of the chosen national cloud.
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use graphgen_runtime::client::{clouds, AzureCredential, Client};
//! # let credential: std::sync::Arc<dyn azure_core::credentials::TokenCredential> = todo!();
//! // e.g. azure_identity::ClientSecretCredential::new(tenant, client_id, secret.into(), None)?
//! let client = Client::builder(AzureCredential::new(credential))
//!     .base_url(clouds::base_url(clouds::GLOBAL, clouds::ApiVersion::V1))
//!     .build()?;
//! # let _ = client; Ok(()) }
//! ```

use core::fmt;
use std::sync::Arc;

use azure_core::credentials::TokenCredential;
use futures_util::future::BoxFuture;

use super::{clouds, Error, TokenProvider};

/// A [`TokenProvider`] backed by an Azure SDK credential. The credential caches and refreshes
/// its tokens itself; this asks it for one before every request attempt.
#[derive(Clone)]
pub struct AzureCredential {
    credential: Arc<dyn TokenCredential>,
    scopes: Vec<String>,
}

impl AzureCredential {
    /// Tokens for the global Microsoft Graph service (`https://graph.microsoft.com/.default`).
    pub fn new(credential: Arc<dyn TokenCredential>) -> AzureCredential {
        AzureCredential::for_cloud(credential, clouds::GLOBAL)
    }

    /// Tokens for the Graph service of a national cloud: `cloud` is its root URL, one of
    /// [`clouds`]' constants (the scope is `<cloud>/.default`).
    pub fn for_cloud(credential: Arc<dyn TokenCredential>, cloud: &str) -> AzureCredential {
        AzureCredential {
            credential,
            scopes: vec![clouds::scope(cloud)],
        }
    }

    /// Tokens for explicit `scopes`.
    pub fn with_scopes(
        credential: Arc<dyn TokenCredential>,
        scopes: Vec<String>,
    ) -> AzureCredential {
        AzureCredential { credential, scopes }
    }

    /// The scopes asked for.
    pub fn scopes(&self) -> &[String] {
        &self.scopes
    }
}

impl fmt::Debug for AzureCredential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AzureCredential")
            .field("scopes", &self.scopes)
            .finish_non_exhaustive()
    }
}

impl TokenProvider for AzureCredential {
    fn token(&self) -> BoxFuture<'_, Result<String, Error>> {
        Box::pin(async move {
            let scopes: Vec<&str> = self.scopes.iter().map(String::as_str).collect();
            let token = self
                .credential
                .get_token(&scopes, None)
                .await
                .map_err(|e| Error::Auth(format!("the Azure credential gave no token: {e}")))?;
            Ok(token.token.secret().to_owned())
        })
    }
}
