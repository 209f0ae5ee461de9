//! What the file downloads outside Leptos share: plain-text error replies in
//! Swedish, the attachment header, and finding a round the signed-in user
//! may read (anything else is the same 404, written to the audit log).

use app::auth::CurrentUser;
use app::db::rounds::RoundRow;
use app::db::Db;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

/// A short plain-text reply.
pub fn plain(status: StatusCode, message: &str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        format!("{message}\n"),
    )
        .into_response()
}

/// The same reply for what does not exist and what the user may not see.
pub fn not_found() -> Response {
    plain(StatusCode::NOT_FOUND, "Sidan eller uppgiften finns inte.")
}

/// A failure on our side: logged with what was being served, never shown.
pub fn internal(what: &str, error: impl std::fmt::Display) -> Response {
    tracing::error!(%error, what, "download failed");
    plain(
        StatusCode::INTERNAL_SERVER_ERROR,
        "Något gick fel hos oss. Försök igen om en stund.",
    )
}

/// `Content-Disposition` for a file saved under `name`.
pub fn attachment(name: &str) -> HeaderValue {
    HeaderValue::from_str(&format!("attachment; filename=\"{name}\""))
        .unwrap_or_else(|_| HeaderValue::from_static("attachment"))
}

/// Why a round cannot be read.
pub enum Refusal {
    /// Missing, malformed or outside the user's scope: all the same to them.
    NotFound,
    /// A failure on our side.
    Internal(app::db::DbError),
}

/// The round `id` with those of its municipalities that `user` may read, as
/// a plain-text reply when it cannot be read (see [`find_readable_round`]).
pub async fn readable_round(
    db: &Db,
    user: &CurrentUser,
    id: &str,
    what: &str,
    ip: &str,
) -> Result<(RoundRow, Vec<String>), Response> {
    find_readable_round(db, user, id, what, ip)
        .await
        .map_err(|refusal| match refusal {
            Refusal::NotFound => not_found(),
            Refusal::Internal(e) => internal(what, e),
        })
}

/// The round `id` with those of its municipalities that `user` may read.
/// A malformed id, a missing round and a round with none of the user's
/// municipalities are all [`Refusal::NotFound`]; the last is audited as
/// `access.denied` on `"{what} {id}"`. The downloads and the data feed
/// (`/api/v1/`) both ask here.
pub async fn find_readable_round(
    db: &Db,
    user: &CurrentUser,
    id: &str,
    what: &str,
    ip: &str,
) -> Result<(RoundRow, Vec<String>), Refusal> {
    if uuid::Uuid::parse_str(id).is_err() {
        return Err(Refusal::NotFound);
    }
    let round = match db.round(id).await {
        Ok(Some(round)) => round,
        Ok(None) => return Err(Refusal::NotFound),
        Err(e) => return Err(Refusal::Internal(e)),
    };
    let visible: Vec<String> = round
        .municipality_ids
        .iter()
        .filter(|m| user.can_read(m))
        .cloned()
        .collect();
    if visible.is_empty() {
        tracing::warn!(user = %user.email, round = %id, what, "access outside scope refused");
        let _ = db
            .audit(Some(user), "access.denied", &format!("{what} {id}"), "", ip)
            .await;
        return Err(Refusal::NotFound);
    }
    Ok((round, visible))
}
