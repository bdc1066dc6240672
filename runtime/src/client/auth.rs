//! Access tokens: the [`TokenProvider`] trait, [`StaticToken`] and [`TokenFn`].

use core::fmt;
use core::future::Future;
use std::sync::Arc;

use futures_util::future::BoxFuture;

use super::Error;

/// Supplies the bearer token sent as `Authorization: Bearer <token>`.
///
/// Called before every attempt of every request, so an implementation can
/// cache a token and refresh it when it expires. This crate does no
/// interactive sign-in: obtain tokens with the identity library of your
/// choice and return them from here.
pub trait TokenProvider: Send + Sync {
    /// Returns a valid access token (without the `Bearer ` prefix).
    fn token(&self) -> BoxFuture<'_, Result<String, Error>>;
}

impl<P: TokenProvider + ?Sized> TokenProvider for Arc<P> {
    fn token(&self) -> BoxFuture<'_, Result<String, Error>> {
        (**self).token()
    }
}

impl<P: TokenProvider + ?Sized> TokenProvider for Box<P> {
    fn token(&self) -> BoxFuture<'_, Result<String, Error>> {
        (**self).token()
    }
}

/// A fixed token, e.g. one obtained out of band for a script.
#[derive(Clone)]
pub struct StaticToken(pub String);

impl StaticToken {
    /// A provider that always returns `token`.
    pub fn new(token: impl Into<String>) -> Self {
        StaticToken(token.into())
    }
}

impl fmt::Debug for StaticToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("StaticToken(<redacted>)")
    }
}

impl TokenProvider for StaticToken {
    fn token(&self) -> BoxFuture<'_, Result<String, Error>> {
        let token = self.0.clone();
        Box::pin(async move { Ok(token) })
    }
}

/// A provider backed by an async closure, e.g.
/// `TokenFn::new(|| async { Ok(fetch_token().await?) })`.
///
/// ```
/// use graphgen_runtime::client::{TokenFn, TokenProvider};
/// let provider = TokenFn::new(|| async { Ok("t0ken".to_owned()) });
/// # let _: &dyn TokenProvider = &provider;
/// ```
#[derive(Clone)]
pub struct TokenFn<F>(F);

impl<F> TokenFn<F> {
    /// Wraps `f`, called once per request attempt.
    pub fn new<Fut>(f: F) -> Self
    where
        F: Fn() -> Fut + Send + Sync,
        Fut: Future<Output = Result<String, Error>> + Send + 'static,
    {
        TokenFn(f)
    }
}

impl<F> fmt::Debug for TokenFn<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TokenFn(..)")
    }
}

impl<F, Fut> TokenProvider for TokenFn<F>
where
    F: Fn() -> Fut + Send + Sync,
    Fut: Future<Output = Result<String, Error>> + Send + 'static,
{
    fn token(&self) -> BoxFuture<'_, Result<String, Error>> {
        Box::pin((self.0)())
    }
}
