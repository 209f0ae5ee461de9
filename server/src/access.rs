//! Request middleware for access control: who is asking, cross-site request
//! forgery, and the way to the login page.

use app::auth::server::{session_token_from_cookies, token_hash, SESSION_IDLE_SECS};
use app::db::Db;
use axum::extract::{Request, State};
use axum::http::{header, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};

#[derive(Clone)]
pub struct AccessState {
    pub db: Db,
    /// Scheme, host and port of the public base URL, e.g. `https://nulage.example.se`.
    pub public_origin: String,
}

/// Paths that need a logged-in user; everything else is public (the start
/// page, the respondent's pages, login and password links).
fn needs_login(path: &str) -> bool {
    [
        "/kommuner",
        "/admin",
        "/import",
        "/enheter",
        "/enkater",
        "/omgangar",
    ]
    .iter()
    .any(|prefix| path == *prefix || path.starts_with(&format!("{prefix}/")))
}

fn is_static(path: &str) -> bool {
    path.starts_with("/pkg/") || path == "/favicon.svg" || path == "/healthz"
}

fn host_of(origin: &str) -> &str {
    origin
        .split("://")
        .nth(1)
        .unwrap_or(origin)
        .trim_end_matches('/')
}

/// A state-changing request must come from our own pages. Browsers say where a
/// request comes from in `Sec-Fetch-Site` and `Origin`; a request from another
/// site is refused before it reaches any handler or server function.
fn is_cross_site(req: &Request, public_origin: &str) -> bool {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return false;
    }
    let headers = req.headers();
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return !matches!(site, "same-origin" | "none");
    }
    if let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        let host = headers
            .get(header::HOST)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        return origin == "null" || (host_of(origin) != host && origin != public_origin);
    }
    // Neither header: not a browser acting for a user, so not a forgery.
    false
}

pub async fn access(State(state): State<AccessState>, mut req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    if is_static(&path) {
        return next.run(req).await;
    }
    if is_cross_site(&req, &state.public_origin) {
        tracing::warn!(%path, "cross-site request refused");
        return (
            StatusCode::FORBIDDEN,
            "Begäran kom från en annan webbplats och stoppades. Gå till Nuläge och försök igen.\n",
        )
            .into_response();
    }

    let token = req
        .headers()
        .get(header::COOKIE)
        .and_then(|v| v.to_str().ok())
        .and_then(session_token_from_cookies)
        .map(token_hash);
    let user = match token {
        Some(hash) => match state.db.session_user(&hash, SESSION_IDLE_SECS).await {
            Ok(user) => user,
            Err(error) => {
                tracing::error!(%error, "session lookup failed");
                return (
                    StatusCode::SERVICE_UNAVAILABLE,
                    "Tjänsten är tillfälligt otillgänglig.\n",
                )
                    .into_response();
            }
        },
        None => None,
    };

    if user.is_none() && req.method() == Method::GET && needs_login(&path) {
        let back = req
            .uri()
            .path_and_query()
            .map(|pq| pq.as_str().to_string())
            .unwrap_or(path);
        let target = format!("/logga-in?nasta={}", app::layout::encode_component(&back));
        return Redirect::to(&target).into_response();
    }
    if let Some(user) = user {
        req.extensions_mut().insert(user);
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;

    fn post(headers: &[(&str, &str)]) -> Request {
        let mut builder = Request::builder().method("POST").uri("/api/x");
        for (k, v) in headers {
            builder = builder.header(*k, *v);
        }
        builder.body(Body::empty()).unwrap()
    }

    #[test]
    fn cross_site_detection() {
        let public = "https://nulage.example.se";
        assert!(!is_cross_site(
            &post(&[("sec-fetch-site", "same-origin")]),
            public
        ));
        assert!(is_cross_site(
            &post(&[("sec-fetch-site", "cross-site")]),
            public
        ));
        assert!(is_cross_site(
            &post(&[("sec-fetch-site", "same-site")]),
            public
        ));
        assert!(!is_cross_site(
            &post(&[
                ("origin", "http://127.0.0.1:3000"),
                ("host", "127.0.0.1:3000")
            ]),
            public
        ));
        assert!(!is_cross_site(
            &post(&[("origin", public), ("host", "10.0.0.5:3000")]),
            public
        ));
        assert!(is_cross_site(
            &post(&[
                ("origin", "https://evil.example"),
                ("host", "127.0.0.1:3000")
            ]),
            public
        ));
        assert!(is_cross_site(
            &post(&[("origin", "null"), ("host", "127.0.0.1:3000")]),
            public
        ));
        assert!(!is_cross_site(&post(&[]), public));
        let get = Request::builder()
            .uri("/")
            .header("sec-fetch-site", "cross-site")
            .body(Body::empty())
            .unwrap();
        assert!(!is_cross_site(&get, public));
    }

    #[test]
    fn protected_paths() {
        assert!(needs_login("/kommuner"));
        assert!(needs_login("/kommuner/0780"));
        assert!(needs_login("/admin/logg"));
        assert!(!needs_login("/kommunerna"));
        assert!(!needs_login("/"));
        assert!(!needs_login("/s/abc"));
        assert!(!needs_login("/logga-in"));
    }
}
