//! Setters for the OData system query options, one trait per option. A generated descriptor
//! implements the traits of exactly the options its operation takes (`impl Filter for ListUsers
//! {}`), so `ListUsers::new().filter("…").top(5)` compiles where the docs allow it; the one
//! generic setter, [`EndpointExt::query_param`], reaches any other parameter. Bring them into scope
//! with `use graphgen_runtime::prelude::*;`.

use crate::{Endpoint, ODataValue};

/// A list of names for `$select`, `$expand` and `$orderby`: a string as written
/// (`"id,displayName"`) or any list of strings (`["id", "displayName"]`).
pub trait Fields {
    /// The names joined with `,`.
    fn join_fields(self) -> String;
}

impl Fields for &str {
    fn join_fields(self) -> String {
        self.to_owned()
    }
}

impl Fields for String {
    fn join_fields(self) -> String {
        self
    }
}

impl<S: AsRef<str>, const N: usize> Fields for [S; N] {
    fn join_fields(self) -> String {
        self.iter().map(AsRef::as_ref).collect::<Vec<_>>().join(",")
    }
}

impl<S: AsRef<str>> Fields for &[S] {
    fn join_fields(self) -> String {
        self.iter().map(AsRef::as_ref).collect::<Vec<_>>().join(",")
    }
}

impl<S: AsRef<str>> Fields for Vec<S> {
    fn join_fields(self) -> String {
        self.as_slice().join_fields()
    }
}

macro_rules! option {
    ($(#[$doc:meta])* $trait:ident, $method:ident, $name:literal, fields) => {
        $(#[$doc])*
        pub trait $trait: Endpoint + Sized {
            #[doc = concat!("Sets `", $name, "` (names joined with `,`).")]
            fn $method(mut self, fields: impl Fields) -> Self {
                self.request_mut().query_mut().set($name, fields.join_fields());
                self
            }
        }
    };
    ($(#[$doc:meta])* $trait:ident, $method:ident, $name:literal, $ty:ty) => {
        $(#[$doc])*
        pub trait $trait: Endpoint + Sized {
            #[doc = concat!("Sets `", $name, "`.")]
            fn $method(mut self, value: $ty) -> Self {
                self.request_mut().query_mut().set($name, value.to_string());
                self
            }
        }
    };
    ($(#[$doc:meta])* $trait:ident, $method:ident, $name:literal) => {
        $(#[$doc])*
        pub trait $trait: Endpoint + Sized {
            #[doc = concat!("Sets `", $name, "`.")]
            fn $method(mut self, value: impl Into<String>) -> Self {
                self.request_mut().query_mut().set($name, value.into());
                self
            }
        }
    };
}

option!(
    /// `$select`: the properties to return.
    Select, select, "$select", fields
);
option!(
    /// `$expand`: the relationships to expand.
    Expand, expand, "$expand", fields
);
option!(
    /// `$orderby`: the sort order (`"displayName desc"`).
    OrderBy, order_by, "$orderby", fields
);
option!(
    /// `$filter`: a filter expression (`"startswith(displayName,'a')"`).
    Filter, filter, "$filter"
);
option!(
    /// `$search`: a search expression (`"\"displayName:wa\""`).
    Search, search, "$search"
);
option!(
    /// `$top`: the page size.
    Top, top, "$top", u32
);
option!(
    /// `$skip`: items to skip.
    Skip, skip, "$skip", u32
);
option!(
    /// `$count`: include the total count (`@odata.count`).
    Count, count, "$count", bool
);
option!(
    /// `$skiptoken`: a paging token.
    SkipToken, skip_token, "$skiptoken"
);
option!(
    /// `$deltatoken`: a delta token.
    DeltaToken, delta_token, "$deltatoken"
);
option!(
    /// `$format`: the response format.
    Format, format, "$format"
);

/// What every descriptor can do, documented or not: any query parameter, any header, and the
/// `ConsistencyLevel: eventual` header that advanced queries (`$search`, `$count`, some
/// `$filter`s on directory objects) need.
pub trait EndpointExt: Endpoint + Sized {
    /// Sets the query parameter `name` to `value` (as text: `true`, `5`, a string as it is).
    fn query_param(mut self, name: impl Into<String>, value: impl ODataValue) -> Self {
        self.request_mut()
            .query_mut()
            .set(name.into(), value.text());
        self
    }

    /// Sends the header `name: value` with this request.
    fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.request_mut().set_header(name, value);
        self
    }

    /// Sends `ConsistencyLevel: eventual`, which advanced queries need.
    fn consistency_level_eventual(self) -> Self {
        self.header("ConsistencyLevel", "eventual")
    }
}

impl<E: Endpoint + Sized> EndpointExt for E {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Method, NoContent, Permissions, Request};

    struct ListThings(Request<NoContent>);

    impl Endpoint for ListThings {
        type Body = NoContent;
        type Response = NoContent;
        const OPERATION: &'static str = "listThings";
        const METHOD: Method = Method::Get;
        const PATH_TEMPLATE: &'static str = "/things";
        const QUERY_OPTIONS: &'static [&'static str] = &["$select", "$top", "$count"];
        const PERMISSIONS: Permissions = Permissions {
            delegated_work: &[],
            delegated_personal: &[],
            application: &[],
        };
        const SUCCESS_STATUS: u16 = 200;
        fn request(&self) -> &Request<NoContent> {
            &self.0
        }
        fn request_mut(&mut self) -> &mut Request<NoContent> {
            &mut self.0
        }
    }

    impl Select for ListThings {}
    impl Top for ListThings {}
    impl Count for ListThings {}
    impl Filter for ListThings {}

    #[test]
    fn typed_setters_and_the_generic_one() {
        let e = ListThings(Request::template("/things"))
            .select(["id", "displayName"])
            .top(5)
            .count(true)
            .filter("a eq 'b'")
            .query_param("startDateTime", "2024-01-01T00:00:00Z")
            .query_param("$top", 7)
            .consistency_level_eventual();
        assert_eq!(
            e.query().to_query_string(),
            "$select=id,displayName&$top=7&$count=true&$filter=a%20eq%20%27b%27&startDateTime=2024-01-01T00:00:00Z"
        );
        assert_eq!(
            e.request().headers(),
            [("ConsistencyLevel".to_owned(), "eventual".to_owned())]
        );
        let e = ListThings(Request::template("/things")).select("id");
        assert_eq!(e.query().get("$select"), Some("id"));
    }
}
