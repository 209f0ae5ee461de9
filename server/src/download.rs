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

/// The round `id` with those of its municipalities that `user` may read.
/// A malformed id, a missing round and a round with none of the user's
/// municipalities all give the same 404; the last is audited as
/// `access.denied` on `"{what} {id}"`.
pub async fn readable_round(
    db: &Db,
    user: &CurrentUser,
    id: &str,
    what: &str,
    ip: &str,
) -> Result<(RoundRow, Vec<String>), Response> {
    if uuid::Uuid::parse_str(id).is_err() {
        return Err(not_found());
    }
    let round = match db.round(id).await {
        Ok(Some(round)) => round,
        Ok(None) => return Err(not_found()),
        Err(e) => return Err(internal(what, e)),
    };
    let visible: Vec<String> = round
        .municipality_ids
        .iter()
        .filter(|m| user.can_read(m))
        .cloned()
        .collect();
    if visible.is_empty() {
        tracing::warn!(user = %user.email, round = %id, what, "download outside scope refused");
        let _ = db
            .audit(Some(user), "access.denied", &format!("{what} {id}"), "", ip)
            .await;
        return Err(not_found());
    }
    Ok((round, visible))
}
