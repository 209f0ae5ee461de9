//! The read-only data feed for BI tools: `/api/v1/` (docs/API.md).
//!
//! Every request carries a personal API token (`Authorization: Bearer
//! nlg_…`) and reads exactly what the token's user may read: the rounds of
//! their municipalities and, in those, only their municipalities' figures —
//! as the pages and the downloads do ([`crate::download::find_readable_round`]).
//! Nothing here changes anything, and no personal answer link is shown.
//! Errors are JSON with a stable `code` and a Swedish `message`; a round
//! outside the scope is the same 404 as a missing one.

pub mod openapi;
mod rounds;
mod tables;
mod throttle;

use app::api_tokens::bearer_token;
use app::auth::server::token_hash;
use app::auth::{ClientIp, CurrentUser};
use app::db::api_tokens::TokenState;
use app::db::Db;
use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Router};
use serde::Serialize;
use std::sync::Arc;
use std::time::Duration;
use throttle::{Throttle, Verdict};

/// Requests a token may make per minute: a refresh of a whole report is a
/// handful of requests; a loop that asks without end is stopped.
pub const REQUESTS_PER_MINUTE: u32 = 120;
/// Refused requests (no token, a wrong one) per client address per minute
/// that are written to the audit log; beyond it they are only refused.
const REFUSALS_PER_MINUTE: u32 = 30;

#[derive(Clone)]
pub struct ApiState {
    db: Db,
    per_token: Arc<Throttle>,
    refusals: Arc<Throttle>,
}

pub fn router<S: Clone + Send + Sync + 'static>(db: Db) -> Router<S> {
    let state = ApiState {
        db,
        per_token: Arc::new(Throttle::new(REQUESTS_PER_MINUTE, Duration::from_secs(60))),
        refusals: Arc::new(Throttle::new(REFUSALS_PER_MINUTE, Duration::from_secs(60))),
    };
    Router::new()
        .route("/api/v1/openapi.json", get(openapi::document))
        .route("/api/v1/rounds", get(rounds::list))
        .route("/api/v1/rounds/{round_id}", get(rounds::one))
        .route("/api/v1/rounds/{round_id}/{table}", get(tables::table))
        .route("/api/v1", axum::routing::any(unknown))
        .route("/api/v1/", axum::routing::any(unknown))
        .route("/api/v1/{*rest}", axum::routing::any(unknown))
        .method_not_allowed_fallback(read_only)
        .with_state(state)
}

/// An error as the feed answers it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ApiError {
    /// Stable, for programs: `token_missing`, `token_invalid`,
    /// `token_revoked`, `token_expired`, `account_disabled`, `not_found`,
    /// `bad_parameter`, `read_only`, `too_many_requests`, `internal`.
    #[schema(example = "not_found")]
    pub code: &'static str,
    /// For people, in Swedish.
    #[schema(example = "Uppgiften finns inte, eller så får nyckeln inte läsa den.")]
    pub message: String,
}

pub fn error(status: StatusCode, code: &'static str, message: impl Into<String>) -> Response {
    let body = ApiError {
        code,
        message: message.into(),
    };
    let mut response = (status, axum::Json(body)).into_response();
    if status == StatusCode::UNAUTHORIZED {
        response.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Bearer realm=\"nulage\""),
        );
    }
    response
}

pub fn not_found() -> Response {
    error(
        StatusCode::NOT_FOUND,
        "not_found",
        "Uppgiften finns inte, eller så får nyckeln inte läsa den.",
    )
}

pub fn internal(what: &str, e: impl std::fmt::Display) -> Response {
    tracing::error!(error = %e, what, "data feed failed");
    error(
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal",
        "Något gick fel hos oss. Försök igen om en stund.",
    )
}

async fn unknown(req: Request) -> Response {
    if !matches!(*req.method(), http::Method::GET | http::Method::HEAD) {
        return read_only().await;
    }
    not_found()
}

async fn read_only() -> Response {
    let mut response = error(
        StatusCode::METHOD_NOT_ALLOWED,
        "read_only",
        "Gränssnittet kan bara läsa. Använd GET.",
    );
    response
        .headers_mut()
        .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
    response
}

/// The client's address, as the access layer worked it out.
fn client_ip(client: &Option<Extension<ClientIp>>) -> String {
    client
        .as_ref()
        .map(|c| c.0 .0.to_string())
        .unwrap_or_default()
}

/// The user a request's token acts for, or the refusal to send. The first
/// use of a token each day is audited, and so is every refusal (up to
/// [`REFUSALS_PER_MINUTE`] per address a minute, so that a flood of bad
/// requests cannot fill the log).
pub async fn authenticate(
    state: &ApiState,
    headers: &HeaderMap,
    ip: &str,
) -> Result<CurrentUser, Response> {
    let Some(header) = headers.get(header::AUTHORIZATION) else {
        return Err(refuse(
            state,
            ip,
            "",
            "token_missing",
            "Nyckel saknas. Skicka din API-nyckel i huvudet Authorization: Bearer nlg_…",
        )
        .await);
    };
    let Some(token) = header.to_str().ok().and_then(bearer_token) else {
        return Err(refuse(
            state,
            ip,
            "",
            "token_invalid",
            "Nyckeln har fel form. Skicka huvudet Authorization: Bearer följt av hela nyckeln.",
        )
        .await);
    };
    let lookup = match state.db.api_token_by_hash(&token_hash(token)).await {
        Ok(lookup) => lookup,
        Err(e) => return Err(internal("api token", e)),
    };
    let Some(lookup) = lookup else {
        return Err(refuse(
            state,
            ip,
            "",
            "token_invalid",
            "Nyckeln finns inte. Kontrollera att hela nyckeln är inklistrad, eller skapa en ny.",
        )
        .await);
    };
    let user = match lookup.state {
        TokenState::Valid(user) => user,
        TokenState::Revoked => {
            return Err(refuse(
                state,
                ip,
                &lookup.owner_email,
                "token_revoked",
                "Nyckeln är återkallad. Skapa en ny under API-nycklar i Nuläge.",
            )
            .await)
        }
        TokenState::Expired => {
            return Err(refuse(
                state,
                ip,
                &lookup.owner_email,
                "token_expired",
                "Nyckeln har gått ut. Skapa en ny under API-nycklar i Nuläge.",
            )
            .await)
        }
        TokenState::OwnerDisabled => {
            return Err(refuse(
                state,
                ip,
                &lookup.owner_email,
                "account_disabled",
                "Kontot som nyckeln hör till är avstängt.",
            )
            .await)
        }
    };
    if let Verdict::Refused {
        first,
        retry_after_secs,
    } = state.per_token.check(&lookup.id)
    {
        if first {
            tracing::warn!(token = %lookup.id, user = %user.email, "api token throttled");
            let _ = state
                .db
                .audit(Some(&user), "api.throttled", &lookup.id, &lookup.name, ip)
                .await;
        }
        let mut response = error(
            StatusCode::TOO_MANY_REQUESTS,
            "too_many_requests",
            format!(
                "För många anrop med den här nyckeln: högst {REQUESTS_PER_MINUTE} i minuten. Försök igen om {retry_after_secs} sekunder."
            ),
        );
        if let Ok(value) = HeaderValue::from_str(&retry_after_secs.to_string()) {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
        return Err(response);
    }
    let day = app::time::stockholm_day(app::db::now());
    match state.db.note_api_token_use(&lookup.id, day).await {
        Ok(true) => {
            if let Err(e) = state
                .db
                .audit(Some(&user), "api.token_used", &lookup.id, &lookup.name, ip)
                .await
            {
                return Err(internal("api audit", e));
            }
        }
        Ok(false) => {}
        Err(e) => return Err(internal("api token use", e)),
    }
    Ok(user)
}

/// A 401 with its audit entry.
async fn refuse(
    state: &ApiState,
    ip: &str,
    owner: &str,
    code: &'static str,
    message: &str,
) -> Response {
    match state.refusals.check(ip) {
        Verdict::Allowed => {
            tracing::info!(code, ip, "api request refused");
            let _ = state
                .db
                .audit_as(None, owner, "api.refused", code, "", ip)
                .await;
        }
        Verdict::Refused { first: true, .. } => {
            tracing::warn!(ip, "many refused api requests from one address");
            let _ = state
                .db
                .audit_as(
                    None,
                    owner,
                    "api.refused",
                    code,
                    "fler nekade anrop loggas inte denna minut",
                    ip,
                )
                .await;
        }
        Verdict::Refused { first: false, .. } => {}
    }
    error(StatusCode::UNAUTHORIZED, code, message)
}
