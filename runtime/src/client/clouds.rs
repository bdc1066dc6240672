//! Root URLs of the Microsoft Graph national clouds, and [`base_url`].
//!
//! ```
//! use graphgen_runtime::client::clouds::{self, ApiVersion};
//! assert_eq!(
//!     clouds::base_url(clouds::US_GOV_L4, ApiVersion::Beta),
//!     "https://graph.microsoft.us/beta"
//! );
//! ```

/// The global Microsoft Graph service.
pub const GLOBAL: &str = "https://graph.microsoft.com";
/// Microsoft Graph for US Government L4 (GCC High).
pub const US_GOV_L4: &str = "https://graph.microsoft.us";
/// Microsoft Graph for US Government L5 (DoD).
pub const US_GOV_L5_DOD: &str = "https://dod-graph.microsoft.us";
/// Microsoft Graph China operated by 21Vianet.
pub const CHINA_21VIANET: &str = "https://microsoftgraph.chinacloudapi.cn";

/// A Graph API version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum ApiVersion {
    /// `v1.0`, the stable API.
    #[default]
    V1,
    /// `beta`, the preview API.
    Beta,
}

impl ApiVersion {
    /// The version's path segment: `"v1.0"` or `"beta"`.
    pub fn as_str(&self) -> &'static str {
        match self {
            ApiVersion::V1 => "v1.0",
            ApiVersion::Beta => "beta",
        }
    }
}

/// The base URL of `version` of the API in the cloud whose root is `cloud`
/// (one of the constants of this module, or any root URL): `cloud` + `/v1.0`
/// or `/beta`.
pub fn base_url(cloud: &str, version: ApiVersion) -> String {
    format!("{}/{}", cloud.trim_end_matches('/'), version.as_str())
}

/// The OAuth scope of the Graph service of `cloud` (its root URL): `<cloud>/.default`, the scope
/// an application asks for to get the permissions it was granted.
pub fn scope(cloud: &str) -> String {
    format!("{}/.default", cloud.trim_end_matches('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls() {
        assert_eq!(
            base_url(GLOBAL, ApiVersion::V1),
            "https://graph.microsoft.com/v1.0"
        );
        assert_eq!(
            base_url(US_GOV_L5_DOD, ApiVersion::Beta),
            "https://dod-graph.microsoft.us/beta"
        );
        assert_eq!(
            base_url("https://microsoftgraph.chinacloudapi.cn/", ApiVersion::V1),
            "https://microsoftgraph.chinacloudapi.cn/v1.0"
        );
        assert_eq!(
            base_url(CHINA_21VIANET, ApiVersion::default()),
            "https://microsoftgraph.chinacloudapi.cn/v1.0"
        );
        assert_eq!(scope(US_GOV_L4), "https://graph.microsoft.us/.default");
        assert_eq!(
            scope("https://graph.microsoft.com/"),
            "https://graph.microsoft.com/.default"
        );
    }
}
