//! Routes outside Leptos: health check and the language switch.

use app::db::Db;
use app::i18n::{Lang, LANG_COOKIE};
use axum::extract::{Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use serde::Deserialize;

pub fn router<S: Clone + Send + Sync + 'static>(db: Db) -> Router<S> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/sprak", get(switch_language))
        .route("/svara/oppna", get(open_answer_link))
        .with_state(db)
}

/// 200 when the database answers, 503 otherwise.
async fn healthz(State(db): State<Db>) -> Response {
    if db.ping().await {
        (StatusCode::OK, "ok\n").into_response()
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "databasen svarar inte\n").into_response()
    }
}

#[derive(Deserialize)]
struct LanguageQuery {
    till: Option<String>,
    tillbaka: Option<String>,
}

/// Sets the interface language and goes back to the page the user came from.
async fn switch_language(Query(query): Query<LanguageQuery>) -> Response {
    let lang = query
        .till
        .as_deref()
        .and_then(Lang::parse)
        .unwrap_or_default();
    let back = query
        .tillbaka
        .filter(|path| is_local_path(path))
        .unwrap_or_else(|| "/".to_string());
    let cookie = format!(
        "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
        lang.code()
    );
    let mut response = Redirect::to(&back).into_response();
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}

#[derive(Deserialize)]
struct LinkQuery {
    lank: Option<String>,
}

/// Opens a pasted answer link, or sends the person back to correct it.
async fn open_answer_link(Query(query): Query<LinkQuery>) -> Response {
    let pasted = query.lank.unwrap_or_default();
    match app::pages::parse_link_token(&pasted) {
        Some(token) => Redirect::to(&format!("/s/{token}")).into_response(),
        None => Redirect::to(&format!(
            "/svara?lank={}",
            app::layout::encode_component(&pasted)
        ))
        .into_response(),
    }
}

/// Only same-site paths: never an open redirect to another host.
fn is_local_path(path: &str) -> bool {
    path.starts_with('/')
        && !path.starts_with("//")
        && !path.starts_with("/\\")
        && !path.chars().any(|c| c.is_control())
}

#[cfg(test)]
mod tests {
    use super::is_local_path;

    #[test]
    fn only_local_paths_are_redirect_targets() {
        assert!(is_local_path("/"));
        assert!(is_local_path("/kommuner?q=v%C3%A4"));
        for bad in [
            "",
            "https://evil.example",
            "//evil.example",
            "/\\evil.example",
            "kommuner",
            "/a\r\nSet-Cookie: x",
        ] {
            assert!(!is_local_path(bad), "{bad:?}");
        }
    }
}
