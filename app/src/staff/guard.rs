//! What a handler needs, stated in its signature. A staff route takes one of [`Staff`],
//! [`Admin`] or [`Reader`] (or plain [`SignedIn`] where any role will do), and a route that
//! changes something takes its form as [`CsrfForm`]: the role is checked, then the token,
//! before the handler's first line runs, so neither can be forgotten in the body.
//! `site::route_guards` reads every route in the source and fails on a POST without
//! `CsrfForm` or a staff page without a guard.

use super::accounts::Role;
use super::session::SignedIn;
use crate::error::PageError;
use crate::state::AppState;
use axum::{
    body::{Body, Bytes},
    extract::{FromRequest, FromRequestParts, Request},
    http::request::Parts,
    response::{IntoResponse, Response},
    Form,
};
use serde::de::DeserializeOwned;

/// Signed in with a role that satisfies `allowed`, or the 403 page (or, signed out, the
/// sign-in page).
async fn signed_in_as(
    parts: &mut Parts,
    state: &AppState,
    allowed: fn(Role) -> bool,
) -> Result<SignedIn, Response> {
    let user = SignedIn::from_request_parts(parts, state).await?;
    if allowed(user.account.role) {
        Ok(user)
    } else {
        Err(PageError::Forbidden.into_response())
    }
}

macro_rules! role_guard {
    ($(#[$doc:meta])* $name:ident, $allowed:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone)]
        pub struct $name(pub SignedIn);

        impl std::ops::Deref for $name {
            type Target = SignedIn;
            fn deref(&self) -> &SignedIn {
                &self.0
            }
        }

        impl FromRequestParts<AppState> for $name {
            type Rejection = Response;

            async fn from_request_parts(
                parts: &mut Parts,
                state: &AppState,
            ) -> Result<Self, Self::Rejection> {
                signed_in_as(parts, state, $allowed).await.map($name)
            }
        }
    };
}

role_guard!(
    /// Triage staff and admins: the people who read residents' messages and contact details.
    Staff,
    Role::can_triage
);
role_guard!(
    /// Admins only: accounts, practices, routing, the outbox, erasure and the audit log.
    Admin,
    |r| r == Role::Admin
);
role_guard!(
    /// Commissioners and up: aggregate insights, never a resident's identity.
    Reader,
    |_| true
);

/// A form that carries none of its own fields, only the token.
#[derive(Debug, Default, serde::Deserialize)]
pub struct NoFields {}

/// A state-changing form from a signed-in member of staff, accepted only when its `csrf`
/// field is a masking of the session's token (see [`super::session::Csrf`]). The token is
/// checked before the body is parsed into `T`, so `T` does not carry it.
#[derive(Debug)]
pub struct CsrfForm<T = NoFields>(pub T);

impl<T: DeserializeOwned + Send> FromRequest<AppState> for CsrfForm<T> {
    type Rejection = Response;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = request.into_parts();
        let user = SignedIn::from_request_parts(&mut parts, state).await?;
        let bytes = Bytes::from_request(Request::from_parts(parts.clone(), body), state)
            .await
            .map_err(IntoResponse::into_response)?;
        let token = url::form_urlencoded::parse(&bytes)
            .find(|(name, _)| name == "csrf")
            .map(|(_, value)| value.into_owned())
            .unwrap_or_default();
        user.check_csrf(&token)
            .map_err(IntoResponse::into_response)?;
        let Form(form) =
            Form::<T>::from_request(Request::from_parts(parts, Body::from(bytes)), state)
                .await
                .map_err(IntoResponse::into_response)?;
        Ok(CsrfForm(form))
    }
}
