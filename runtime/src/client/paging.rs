//! Following `@odata.nextLink` through collections: [`Client::pages`] and
//! [`Client::items`].

use futures_util::stream::{self, Stream, TryStreamExt};
use serde::de::DeserializeOwned;

use super::{Client, Error, RequestOptions};
use crate::{Collection, Endpoint};

/// What the page stream fetches next.
enum Next<'a, E> {
    First(&'a E),
    Link(String),
    Done,
}

impl Client {
    /// The pages of a collection: sends `endpoint`'s request, then follows
    /// each page's `@odata.nextLink` (an absolute URL, used as-is) until a
    /// page has none.
    ///
    /// The stream ends after the last page or after the first error. The last
    /// page of a delta query carries [`Collection::delta_link`]: iterate pages
    /// (rather than [`items`](Self::items)) to keep it.
    pub fn pages<'a, E, T>(
        &'a self,
        endpoint: &'a E,
    ) -> impl Stream<Item = Result<Collection<T>, Error>> + 'a
    where
        E: Endpoint<Response = Collection<T>>,
        T: DeserializeOwned + 'a,
    {
        self.pages_with(endpoint, &RequestOptions::default())
    }

    /// [`pages`](Self::pages) with `options`, which apply to every page's
    /// request (headers such as `Prefer: odata.maxpagesize=...`, and the
    /// descriptor's own headers, are carried to the next pages).
    pub fn pages_with<'a, E, T>(
        &'a self,
        endpoint: &'a E,
        options: &RequestOptions,
    ) -> impl Stream<Item = Result<Collection<T>, Error>> + 'a
    where
        E: Endpoint<Response = Collection<T>>,
        T: DeserializeOwned + 'a,
    {
        // The next pages carry the first request's headers too: the options' and the
        // descriptor's own (`ConsistencyLevel: eventual`, …).
        let mut link_options = options.clone();
        link_options
            .headers
            .extend(endpoint.request().headers().iter().cloned());
        let options = options.clone();
        stream::unfold((Next::First(endpoint), options), move |(next, options)| {
            let link_options = link_options.clone();
            async move {
                let page = match next {
                    Next::Done => return None,
                    Next::First(endpoint) => self.send_with(endpoint, &options).await,
                    Next::Link(url) => {
                        self.get_url::<Collection<T>>(E::OPERATION, &url, &link_options)
                            .await
                    }
                };
                let next = match &page {
                    Ok(page) => match &page.next_link {
                        Some(link) => Next::Link(link.clone()),
                        None => Next::Done,
                    },
                    Err(_) => Next::Done,
                };
                Some((page, (next, options)))
            }
        })
    }

    /// The items of all pages of a collection, in order (see
    /// [`pages`](Self::pages); use that to read the last page's
    /// `delta_link`).
    pub fn items<'a, E, T>(&'a self, endpoint: &'a E) -> impl Stream<Item = Result<T, Error>> + 'a
    where
        E: Endpoint<Response = Collection<T>>,
        T: DeserializeOwned + 'a,
    {
        self.items_with(endpoint, &RequestOptions::default())
    }

    /// [`items`](Self::items) with `options`, applied to every page's request.
    pub fn items_with<'a, E, T>(
        &'a self,
        endpoint: &'a E,
        options: &RequestOptions,
    ) -> impl Stream<Item = Result<T, Error>> + 'a
    where
        E: Endpoint<Response = Collection<T>>,
        T: DeserializeOwned + 'a,
    {
        self.pages_with(endpoint, options)
            .map_ok(|page| stream::iter(page.value.into_iter().map(Ok)))
            .try_flatten()
    }
}
